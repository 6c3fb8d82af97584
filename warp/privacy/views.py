"""Pages for the data protection contact (administrators), read-only for centre managers, and the
student's own consent buttons."""

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from warp import audit
from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.accounts.models import Role, role_words
from warp.audit import queries as audit_queries
from warp.audit.models import AuditEntry
from warp.audit.words import describe
from warp.core.csvsafe import csv_writer
from warp.core.forms import add_service_errors
from warp.core.words import long_date
from warp.privacy.bundle import build_bundle, bundle_json, bundle_pdf
from warp.privacy.forms import AuditSearchForm, DecisionForm, SubjectRequestForm
from warp.privacy.models import RequestKind, RequestState, SubjectRequest
from warp.privacy.services import restriction_lift, subject_request_create, subject_request_decide
from warp.students.access import get_student_for, own_student_record
from warp.students.models import Student
from warp.students.services import student_consent_change

PAGE_SIZE = 50
CSV_LIMIT = 50_000  # rows in one audit export; narrow the search for more


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@role_required(*MANAGER_ROLES)
@require_safe
def request_list(request: SignedInRequest) -> HttpResponse:
    """Open requests first, soonest due first. Centre managers may look; only administrators decide."""
    requests = SubjectRequest.objects.for_list()
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return _no_store(
        render(
            request,
            "privacy/request_list.html",
            {
                "page": page,
                "today": timezone.localdate(),
                "may_decide": request.user.role == Role.ADMINISTRATOR,
            },
        )
    )


@role_required(Role.ADMINISTRATOR)
def request_new(request: SignedInRequest) -> HttpResponse:
    form = SubjectRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = Student.objects.filter(
            registration_number__iexact=data["registration_number"].strip()
        ).first()
        if student is None:
            form.add_error(
                "registration_number", "No student has this registration number. Check it and try again."
            )
        else:
            made = subject_request_create(
                student=student, kind=data["kind"], received_on=data["received_on"], by=request.user
            )
            messages.success(request, f"Logged. It is due by {long_date(made.due_on)}.")
            return redirect("privacy:request-detail", pk=made.pk)
    return render(request, "privacy/request_new.html", {"form": form})


@role_required(*MANAGER_ROLES)
def request_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    subject_request = get_object_or_404(SubjectRequest.objects.select_related("student", "handled_by"), pk=pk)
    student = subject_request.student
    may_decide = request.user.role == Role.ADMINISTRATOR
    if request.method == "POST" and not may_decide:
        raise Http404("Only administrators decide requests")  # before the audit entry: nothing was shown
    audit.record(request=request, action="view", obj=subject_request, student_id=student.pk)
    form = DecisionForm(request.POST if request.method == "POST" and may_decide else None)
    if request.method == "POST":
        if request.POST.get("action") == "lift":
            restriction_lift(student=student, by=request.user)
            messages.success(request, "The restriction is lifted.")
            return redirect("privacy:request-detail", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            erasing = subject_request.kind == RequestKind.ERASURE and data["state"] == RequestState.DONE
            if erasing and not data["confirm_erasure"]:
                form.add_error("confirm_erasure", "Tick the box to confirm the erasure.")
            else:
                try:
                    subject_request_decide(
                        request=subject_request,
                        by=request.user,
                        state=data["state"],
                        decision=data["decision"],
                        basis=data["basis"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, "The decision is recorded.")
                    return redirect("privacy:request-detail", pk=pk)
    return _no_store(
        render(
            request,
            "privacy/request_detail.html",
            {
                "item": subject_request,
                "student": student,
                "form": form,
                "may_decide": may_decide,
                "restricted": hasattr(student, "processing_restriction"),
                "overdue": subject_request.state == RequestState.OPEN
                and subject_request.due_on < timezone.localdate(),
            },
        )
    )


def _bundle_for(request: SignedInRequest, pk: int) -> dict:
    student = get_student_for(request.user, pk)
    audit.record(request=request, action="export", obj=student, note="Subject access bundle")
    return build_bundle(student)


@role_required(Role.ADMINISTRATOR)
@require_safe
def bundle_download_json(request: SignedInRequest, pk: int) -> HttpResponse:
    bundle = _bundle_for(request, pk)
    response = HttpResponse(bundle_json(bundle), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{pk}.json"'
    return _no_store(response)


@role_required(Role.ADMINISTRATOR)
@require_safe
def bundle_download_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    bundle = _bundle_for(request, pk)
    response = HttpResponse(bundle_pdf(bundle), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{pk}.pdf"'
    return _no_store(response)


def _search(form: AuditSearchForm) -> QuerySet[AuditEntry] | None:
    """The filtered entries, or None when the form has errors. Student: by registration number."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    student_id = None
    if data["student"].strip():
        student_id = (
            Student.objects.filter(registration_number__iexact=data["student"].strip())
            .values_list("pk", flat=True)
            .first()
        )
        if student_id is None:
            form.add_error("student", "No student has this registration number.")
            return None
    tz = timezone.get_current_timezone()
    since = datetime.combine(data["since"], time.min, tzinfo=tz) if data["since"] else None
    until = (
        datetime.combine(data["until"] + timedelta(days=1), time.min, tzinfo=tz) if data["until"] else None
    )
    return audit_queries.search(
        person=data["person"], student_id=student_id, action=data["action"], since=since, until=until
    )


@role_required(Role.ADMINISTRATOR)
@require_safe
def audit_log(request: SignedInRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)
    entries = _search(form)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page")) if entries is not None else None
    query = request.GET.copy()
    query.pop("page", None)
    rows = _audit_rows(list(page.object_list)) if page is not None else []
    return _no_store(
        render(
            request,
            "privacy/audit_log.html",
            {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
        )
    )


def _registration_numbers(student_ids: Iterable[int | None]) -> dict[int | None, str]:
    """The registration number of each student named by these entries: one query for the page."""
    ids = {pk for pk in student_ids if pk is not None}
    if not ids:
        return {}
    numbers: dict[int | None, str] = dict(
        Student.objects.filter(pk__in=ids).values_list("pk", "registration_number")
    )
    return numbers


def _audit_rows(entries: Sequence[AuditEntry]) -> list[dict]:
    """The page's entries in words: what was seen or done, the role, the student's registration number."""
    numbers = _registration_numbers(entry.student_id for entry in entries)
    return [
        {
            "entry": entry,
            "what": describe(
                action=entry.action, model=entry.model, registration_number=numbers.get(entry.student_id, "")
            ),
            "role": role_words(entry.role),
            "registration_number": numbers.get(entry.student_id, ""),
        }
        for entry in entries
    ]


@role_required(Role.ADMINISTRATOR)
@require_safe
def audit_log_csv(request: SignedInRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)
    entries = _search(form)
    if entries is None:
        return redirect("privacy:audit-log")
    audit.record(request=request, action="export", model="audit.AuditEntry", note="Audit log CSV")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv_writer(response)
    writer.writerow(
        [
            "When (UTC)",
            "Who",
            "Role",
            "What",
            "Action",
            "Record",
            "Record id",
            "Student id",
            "Registration number",
            "From",
            "Note",
        ]
    )
    rows = list(
        entries[:CSV_LIMIT].values_list(
            "at", "user_name", "role", "action", "model", "object_id", "student_id", "ip_address", "note"
        )
    )
    numbers = _registration_numbers(row[6] for row in rows)
    for at, name, role, action, model, object_id, student_id, ip_address, note in rows:
        number = numbers.get(student_id, "")
        what = describe(action=action, model=model, registration_number=number)
        writer.writerow(
            [
                at.isoformat(),
                name,
                role_words(role),
                what,
                action,
                model,
                object_id,
                student_id,
                number,
                ip_address,
                note,
            ]
        )
    return _no_store(response)


@role_required(Role.STUDENT)
@require_POST
def consent_change(request: SignedInRequest) -> HttpResponse:
    """One click to give or withdraw consent to be contacted or quoted, from the student's own page."""
    student = own_student_record(request.user)
    given = request.POST.get("given") == "yes"
    try:
        student_consent_change(
            student=student, kind=request.POST.get("kind", ""), given=given, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "Thank you, your choice is saved." if given else "Done. Your choice is saved."
        )
    return redirect("students:my-record")
