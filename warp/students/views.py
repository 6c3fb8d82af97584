from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from warp import audit
from warp.accounts.access import (
    MANAGER_ROLES,
    STUDENT_RECORD_ROLES,
    SignedInRequest,
    public,
    role_required,
    signed_in,
)
from warp.accounts.models import Role, User
from warp.audit.models import AuditEntry
from warp.audit.queries import recent_about
from warp.audit.words import describe
from warp.core.exports import FORMATS, table_download
from warp.core.forms import add_service_errors
from warp.core.imports import ImportReport
from warp.prospectus.models import Course
from warp.students import import_jobs, imports
from warp.students.access import (
    get_import_for,
    get_student_for,
    own_student_record,
    students_listed_for,
    students_visible_to,
)
from warp.students.forms import (
    ContactChoiceForm,
    LearningPlanForm,
    MyselfRegistrationForm,
    PlanContactForm,
    PostcodeDistrictForm,
    SelfRegistrationForm,
    StaffRegistrationForm,
    StudentEditForm,
    StudentImportConfirmForm,
    StudentImportUploadForm,
    StudentSearchForm,
)
from warp.students.models import (
    ImportState,
    LearningPlan,
    LearningPlanReview,
    PostcodeDistrict,
    Student,
    StudentImport,
)
from warp.students.paging import search_page
from warp.students.services import (
    AccountExists,
    DuplicateStudent,
    NotEligible,
    StudentErased,
    is_erased,
    learning_plan_agree,
    plan_contact_record,
    postcode_district_add,
    postcode_district_remove,
    registration_attempt_tell_existing,
    student_contact_choose,
    student_leave,
    student_register,
    student_return,
    student_update,
)

PAGE_SIZE = 50
WHO_LOOKED = 10  # audit entries shown on a student's record
DETAIL_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "confirmed_over_18",
    "postcode",
    "address",
    "email",
    "phone",
    "contact_method",
    "gender",
    "gender_self_description",
    "ethnicity",
    "support_needs",
]


def _erased_redirect(request: SignedInRequest, student: Student) -> HttpResponse:
    """Back to the record, saying why nothing more can be done with an erased one."""
    messages.error(request, str(StudentErased().message))
    return redirect("students:student-detail", pk=student.pk)


def _registration_kwargs(data: dict) -> dict:
    return {
        name: data[name]
        for name in [
            *DETAIL_FIELDS,
            "identities",
            "consent_to_hold_data",
            "consent_to_contact",
            "consent_to_quote",
        ]
    }


@public
def register(request: HttpRequest) -> HttpResponse:
    """Someone registering themselves. Ineligible people see why and where else to look; nothing is lost.

    Once the form is complete, the page answers the same way whether or not we already hold this person
    (issue 13, hole 6: being a student here is special-category data): "check your email". Someone new is
    registered and emailed a link to choose their password, which also shows the address is theirs;
    someone already here (same email, or same name and date of birth, or a sign-in with the email) is
    told by email at the address we hold, and nothing is made twice. Both emails go from the task worker."""
    user = request.user
    if user.is_authenticated:
        if user.role == Role.STUDENT and Student.objects.filter(user=user).exists():
            return redirect("students:my-record")
        if user.role in STUDENT_RECORD_ROLES:
            return redirect("students:staff-register")
        # Anyone else signed in keeps their one sign-in: no second account with another email.
        return redirect("students:register-myself")
    form = SelfRegistrationForm(request.POST or None)
    reasons: list = []
    if request.method == "POST" and form.is_valid():
        base_url = request.build_absolute_uri("/")
        email = form.cleaned_data["email"]
        try:
            student_register(**_registration_kwargs(form.cleaned_data), invite_base_url=base_url)
        except NotEligible as exc:
            reasons = exc.reasons
        except DuplicateStudent as exc:
            registration_attempt_tell_existing(email=email, existing=exc.existing, base_url=base_url)
            return _registration_sent(request, email)
        except AccountExists:
            registration_attempt_tell_existing(email=email, existing=None, base_url=base_url)
            return _registration_sent(request, email)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _registration_sent(request, email)
    return render(request, "students/student_register.html", {"form": form, "reasons": reasons})


def _registration_sent(request: HttpRequest, email: str) -> HttpResponse:
    """The one answer to a complete registration form, for someone new and someone already here alike."""
    return render(request, "students/student_register_sent.html", {"email": email})


@signed_in
def register_myself(request: SignedInRequest) -> HttpResponse:
    """Someone who already signs in (a trainer, a tutor, a team lead) registering as a student, with the
    same sign-in. Their student record, identities and consent are their own, given by them; colleagues see
    them only as each colleague's role already sees students. Afterwards they act as a student."""
    user = request.user
    if Student.objects.filter(user=user).exists():
        messages.info(request, "You are already registered as a student.")
        return _act_as_student(request)
    form = MyselfRegistrationForm(request.POST or None, initial={"email": user.email})
    reasons: list = []
    duplicate = False
    if request.method == "POST" and form.is_valid():
        try:
            student_register(**_registration_kwargs(form.cleaned_data), user=user)
        except NotEligible as exc:
            reasons = exc.reasons
        except DuplicateStudent:
            # Say nothing about what matched: it may be someone else's record.
            duplicate = True
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                "You are registered as a student. An admissions tutor will be in touch to agree your "
                "learning plan.",
            )
            return _act_as_student(request)
    return render(
        request,
        "students/student_register_myself.html",
        {"form": form, "reasons": reasons, "duplicate": duplicate},
    )


def _act_as_student(request: SignedInRequest) -> HttpResponse:
    """Switch this session to the student role (what the header's switch does) and show their record."""
    from warp.accounts.middleware import ACTING_ROLE

    user = User.objects.get(pk=request.user.pk)  # their roles as saved just now
    if user.usual_role == Role.STUDENT:
        request.session.pop(ACTING_ROLE, None)
    else:
        request.session[ACTING_ROLE] = Role.STUDENT
    return redirect("students:my-record")


@role_required(Role.STUDENT)
@require_safe
def my_record(request: SignedInRequest) -> HttpResponse:
    student = own_student_record(request.user)
    audit.record(request=request, action="view", obj=student)
    plan = LearningPlan.objects.filter(student=student).select_related("agreed_by").first()
    return render(
        request,
        "students/student_own.html",
        {
            "student": student,
            "plan": plan,
            "reviews": list(student.reviews.for_record()),
            "identities": student.identity_labels,
            "consents": [
                ("contact", "We may contact you about courses and news", student.consent_to_contact),
                ("quote", "We may quote your words, without your name", student.consent_to_quote),
            ],
        },
    )


@role_required(Role.STUDENT)
def my_contact(request: SignedInRequest) -> HttpResponse:
    """How we contact you: a student chooses email, a phone call, texts or letters (and their phone number).
    Choosing texts after replying STOP to one starts texts again."""
    student = own_student_record(request.user)
    initial = {"contact_method": student.contact_method, "phone": student.phone}
    form = ContactChoiceForm(request.POST or None, initial=initial, student=student)
    if request.method == "POST" and form.is_valid():
        try:
            student_contact_choose(
                student=student,
                contact_method=form.cleaned_data["contact_method"],
                phone=form.cleaned_data["phone"].strip(),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you. We will contact you that way from now on.")
            return redirect("students:my-record")
    return render(request, "students/my_contact.html", {"student": student, "form": form})


@role_required(*STUDENT_RECORD_ROLES)
def staff_register(request: SignedInRequest) -> HttpResponse:
    """Staff registering someone in person or on the phone."""
    form = StaffRegistrationForm(request.POST or None)
    reasons: list = []
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            student = student_register(
                **_registration_kwargs(form.cleaned_data),
                invite_base_url=request.build_absolute_uri("/")
                if form.cleaned_data["send_invitation"]
                else "",
                registered_by=request.user,
            )
        except NotEligible as exc:
            reasons = exc.reasons
        except DuplicateStudent as exc:
            duplicate = exc.existing
        except AccountExists:
            form.add_error(
                "email",
                "This email address already has a sign-in account. Use another, or untick the invitation.",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{student.full_name} is registered, with registration number {student.registration_number}.",
            )
            return redirect("students:student-detail", pk=student.pk)
    return render(
        request,
        "students/student_register_staff.html",
        {"form": form, "reasons": reasons, "duplicate": duplicate},
    )


def _search_form(request: SignedInRequest) -> StudentSearchForm:
    """The list's search and filters; someone who does not see every student (a trainer) is offered only
    the courses of the runs they co-deliver."""
    courses = None
    if request.user.role not in STUDENT_RECORD_ROLES:
        courses = Course.objects.filter(runs__run_trainers__trainer=request.user).distinct().order_by("title")
    return StudentSearchForm(request.GET or None, courses=courses)


def _listed(user: User, search: StudentSearchForm):
    """The students the list shows this person for this search and these filters, in the list's order."""
    return (
        students_listed_for(user)
        .listed(**search.filters())
        .search(search.text())
        .order_by("last_name", "first_name", "pk")
    )


@role_required(*STUDENT_RECORD_ROLES, Role.TRAINER)
@require_safe
def student_list(request: SignedInRequest) -> HttpResponse:
    search = _search_form(request)
    students = _listed(request.user, search)
    text = search.text()
    filtered = any(search.filters().values())
    number = request.GET.get("page")
    if text:
        page = search_page(students.for_list(), PAGE_SIZE, number)
    else:
        page = Paginator(students.for_list(), PAGE_SIZE).get_page(number)
    shown = list(page.object_list)
    # The page names each student on it: one view entry per student, in one insert (never the search words).
    audit.record_many(
        request=request,
        action="view",
        model="students.Student",
        student_ids=[student.pk for student in shown],
        note="Student search results" if text or filtered else "Student list",
    )
    return render(
        request,
        "students/student_list.html",
        {
            "search": search,
            "page": page,
            "students": shown,
            "text": text,
            "filtered": filtered,
            "may_export": request.user.role in STUDENT_RECORD_ROLES,
            # The same people ask a student to fill in a questionnaire (measures:request-create).
            "may_ask_questionnaire": request.user.role in STUDENT_RECORD_ROLES,
            "export_query": _query_without(request, "page", "format") if search.is_valid() else "",
        },
    )


def _query_without(request: HttpRequest, *names: str) -> str:
    """This request's query string without `names`, for a link that keeps the search and filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


EXPORT_HEADERS = [
    "registration_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "status",
    "registered_on",
    "imported",
]


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def student_export(request: SignedInRequest) -> HttpResponse:
    """The student list as it is searched and filtered, every page of it, as CSV or XLSX (`format`).
    Admissions tutors, centre managers and administrators; each student in it gets an audit entry."""
    fmt = request.GET.get("format", "csv")
    search = _search_form(request)
    if fmt not in FORMATS or (request.GET and not search.is_valid()):
        messages.error(
            request, "That download could not be made: check the search and filters, then try again."
        )
        return redirect(reverse("students:student-list") + "?" + _query_without(request, "format"))
    students = list(_listed(request.user, search).for_list())
    audit.record_many(
        request=request,
        action="export",
        model="students.Student",
        student_ids=[student.pk for student in students],
        note=f"Student list ({fmt.upper()})",
    )
    rows = (
        [
            s.registration_number,
            s.first_name,
            s.last_name,
            s.email,
            s.phone,
            s.postcode,
            s.get_status_display(),
            s.registered_on,
            "yes" if s.is_historic else "",
        ]
        for s in students
    )
    stamp = timezone.localdate().isoformat()
    return table_download(
        filename=f"students-{stamp}", headers=EXPORT_HEADERS, rows=rows, fmt=fmt, sheet="Students"
    )


@role_required(*STUDENT_RECORD_ROLES, Role.TRAINER)
@require_safe
def student_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    # "Who has looked" is read after this view's own entry is written, so it comes first.
    student = get_student_for(request.user, pk, record_page=True)
    audit.record(request=request, action="view", obj=student)
    may_manage = request.user.role in STUDENT_RECORD_ROLES
    plan = None
    reviews: list[LearningPlanReview] = []
    looked: list[Looked] = []
    if may_manage:
        plan = getattr(student, "learning_plan", None)  # read with the student; absent when none is agreed
        reviews = list(student.reviews.for_record())
        looked = _looked(recent_about(student.pk, WHO_LOOKED), student.registration_number)
    return render(
        request,
        "students/student_detail.html",
        {
            "student": student,
            "plan": plan,
            "reviews": reviews,
            "identities": student.identity_labels,
            "may_manage": may_manage,
            "looked": looked,
            "restricted": student.restricted,  # type: ignore[attr-defined]  # annotated by for_record_page
            "erased_at": student.erased_at,  # type: ignore[attr-defined]  # annotated by for_record_page
        },
    )


class Looked(NamedTuple):
    """A row of the record's "who has looked" table."""

    at: datetime
    who: str
    what: str


@role_required(*STUDENT_RECORD_ROLES)
@require_POST
def student_status_change(request: SignedInRequest, pk: int, change: str) -> HttpResponse:
    """Record that a student has left the centre (`change` "left"), or welcome them back ("back")."""
    student = get_student_for(request.user, pk)
    if is_erased(student):
        return _erased_redirect(request, student)
    try:
        if change == "left":
            student_leave(student=student, by=request.user)
            messages.success(request, f"{student.full_name} is recorded as having left the centre.")
        else:
            student_return(student=student, by=request.user)
            messages.success(
                request, f"Welcome back: {student.full_name} is {student.get_status_display().lower()}."
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("students:student-detail", pk=student.pk)


def _looked(entries: Iterable[AuditEntry], registration_number: str) -> list[Looked]:
    """Who did what, in words ("Viewed the student record of REC-00223", warp.audit.words), with the note."""
    return [
        Looked(
            entry.at,
            entry.user_name or "the system",
            describe(action=entry.action, model=entry.model, registration_number=registration_number)
            + (f" ({entry.note})" if entry.note else ""),
        )
        for entry in entries
    ]


@role_required(*STUDENT_RECORD_ROLES)
def student_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    student = get_student_for(request.user, pk)
    if is_erased(student):
        return _erased_redirect(request, student)
    if request.method != "POST":  # GET, and HEAD, which runs the same view
        audit.record(request=request, action="view", obj=student, note="Edit form")
    initial = {name: getattr(student, name) for name in DETAIL_FIELDS}
    initial.update(
        identities=list(student.identities.values_list("pk", flat=True)),
        consent_to_contact=student.consent_to_contact,
        consent_to_quote=student.consent_to_quote,
    )
    form = StudentEditForm(request.POST or None, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in [*DETAIL_FIELDS, "consent_to_contact", "consent_to_quote"]}
        try:
            student_update(student=student, updated_by=request.user, identities=data["identities"], **changes)
        except DuplicateStudent as exc:
            duplicate = exc.existing
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The details are saved.")
            return redirect("students:student-detail", pk=student.pk)
    return render(
        request, "students/student_edit.html", {"student": student, "form": form, "duplicate": duplicate}
    )


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def waiting_list(request: SignedInRequest) -> HttpResponse:
    """Students waiting to agree a learning plan, the longest-waiting first."""
    students = (
        students_visible_to(request.user)
        .exclude(processing_restriction__isnull=False)
        .not_erased()
        .awaiting_plan()
        .for_list()
        .with_latest_contact()
    )
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    # The page names each student on it: one view entry per student, in one insert.
    audit.record_many(
        request=request,
        action="view",
        model="students.Student",
        student_ids=[student.pk for student in page.object_list],
        note="Waiting for a plan",
    )
    return render(request, "students/student_waiting.html", {"page": page})


@role_required(*STUDENT_RECORD_ROLES)
def plan_contacts(request: SignedInRequest, pk: int) -> HttpResponse:
    """The contact notes kept while a student waits for a learning plan, and a form to add one."""
    student = get_student_for(request.user, pk)
    if is_erased(student):
        return _erased_redirect(request, student)
    form = PlanContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_contact_record(student=student, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Note kept.")
            return redirect("students:waiting-list")
    if request.method != "POST":
        audit.record(request=request, action="view", obj=student, note="Contact notes")
    notes = list(student.plan_contacts.select_related("by"))  # type: ignore[attr-defined]
    return render(request, "students/plan_contacts.html", {"student": student, "form": form, "notes": notes})


@role_required(*STUDENT_RECORD_ROLES)
def learning_plan_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    student = get_student_for(request.user, pk)
    if is_erased(student):
        return _erased_redirect(request, student)
    plan = LearningPlan.objects.filter(student=student).first()
    if request.method != "POST" and plan is not None:
        audit.record(request=request, action="view", obj=plan, student_id=student.pk)
    if plan is not None:
        initial = {
            name: getattr(plan, name)
            for name in [
                "hopes_and_goals",
                "strengths",
                "support_needs",
                "support_needs_shared_with_trainers",
                "courses_of_interest",
                "signposting",
                "review_date",
            ]
        }
    else:
        initial = {"support_needs": student.support_needs}
    form = LearningPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            learning_plan_agree(student=student, agreed_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"The learning plan is agreed. {student.first_name} is now an active student and may book courses.",
            )
            return redirect("students:student-detail", pk=student.pk)
    return render(
        request, "students/learning_plan_edit.html", {"student": student, "plan": plan, "form": form}
    )


@role_required(*MANAGER_ROLES)
def service_area(request: SignedInRequest) -> HttpResponse:
    """The postcode districts and areas whose residents may register."""
    form = PostcodeDistrictForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            # The id comes from the page's hidden field; anything else (edited by hand) names no district.
            district_id = request.POST.get("district", "")
            district = (
                PostcodeDistrict.objects.filter(pk=int(district_id)).first()
                if district_id.isascii() and district_id.isdigit() and len(district_id) <= 18
                else None
            )
            if district is None:
                messages.error(request, "That district was already removed.")
            else:
                try:
                    postcode_district_remove(district=district)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, f"{district.code} is no longer in the service area.")
            return redirect("students:service-area")
        if form.is_valid():
            try:
                district = postcode_district_add(code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{district.code} is now in the service area.")
                return redirect("students:service-area")
    districts = list(PostcodeDistrict.objects.all())
    return render(request, "students/service_area_edit.html", {"form": form, "districts": districts})


@role_required(*MANAGER_ROLES)
def import_upload(request: SignedInRequest) -> HttpResponse:
    form = StudentImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = imports.student_import_store(
            filename=upload.name, data=upload.read(), uploaded_by=request.user
        )
        import_jobs.student_import_start(student_import=stored)
        return redirect("students:import-preview", pk=stored.pk)
    # Each person sees their own uploads: a file and its dry run are seen only by whoever uploaded it.
    recent = (
        StudentImport.objects.filter(uploaded_by=request.user)
        .select_related("uploaded_by")
        .defer("data", "preview")[:10]
    )
    return render(
        request, "students/import_upload.html", {"form": form, "recent": recent, "columns": imports.COLUMNS}
    )


IMPORT_PAGE_ROWS = 50  # rows of each table on the preview; the rest on further pages


def _import_tables(request: SignedInRequest, report: ImportReport) -> dict:
    """The preview's three tables (problems, already here, notes), each paged on its own parameter."""
    tables: dict[str, list] = {"problems": report.errors, "present": report.present, "notes": report.notes}
    return {
        name: Paginator(items, IMPORT_PAGE_ROWS).get_page(request.GET.get(name))
        for name, items in tables.items()
    }


@role_required(*MANAGER_ROLES)
def import_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """The stored dry run of an uploaded file, then the button that imports it (or, while the task worker
    checks or imports a large file, how far it has gone)."""
    stored = get_import_for(request.user, pk)
    if not stored.is_complete and stored.state == ImportState.READY and stored.preview is None:
        if not stored.file_error:  # uploaded before dry runs were kept: check it once now
            import_jobs.student_import_check(student_import=stored)
    if stored.is_complete or stored.state != ImportState.READY:
        progress = None if stored.is_complete else import_jobs.import_progress(stored)
        return render(request, "students/import_preview.html", {"stored": stored, "progress": progress})
    report = ImportReport.from_json(stored.preview) if stored.preview is not None else None
    form = StudentImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and report is not None and form.is_valid():
        valid_rows = form.cleaned_data["import_valid_rows"]
        if report.errors and not valid_rows:
            # The preview and the tick stay as they were; the message says what to do.
            form.add_error(
                "import_valid_rows",
                f"Tick this box to import the {report.created} new student{pluralize(report.created)} "
                "without problems, or fix the rows below and upload the file again.",
            )
        elif import_jobs.runs_in_background(stored):
            try:
                import_jobs.student_import_queue(student_import=stored, import_valid_rows=valid_rows)
            except ValidationError:  # pressed twice: the first press started it
                pass
            return redirect(reverse("students:import-preview", kwargs={"pk": stored.pk}))
        else:
            return _import_now(request, stored, valid_rows=valid_rows)
    problem, stored.problem = stored.problem, ""
    if problem:  # said once, on the first page shown after the worker gave up
        StudentImport.objects.filter(pk=stored.pk).update(problem="")
    return render(
        request,
        "students/import_preview.html",
        {
            "stored": stored,
            "report": report,
            "form": form,
            "file_error": stored.file_error,
            "problem": problem,
            "tables": _import_tables(request, report) if report is not None else {},
        },
    )


def _import_now(request: SignedInRequest, stored: StudentImport, *, valid_rows: bool) -> HttpResponse:
    """Import a small file inside the request, then show its page again."""
    again = redirect(reverse("students:import-preview", kwargs={"pk": stored.pk}))
    try:
        report = imports.student_import_confirm(student_import=stored, import_valid_rows=valid_rows)
    except ValidationError:  # confirmed twice (two clicks, two tabs): the first one did it
        return again
    except IntegrityError:  # registered by someone else since the check: nothing saved
        messages.error(request, import_jobs.RACE_PROBLEM)
        import_jobs.student_import_check(student_import=stored)  # the preview shows them as already here
        return again
    if report.saved:
        messages.success(
            request, f"Imported {report.created} new students; {report.already_present} were already here."
        )
    else:
        messages.error(request, import_jobs.ROWS_PROBLEM)
    return again
