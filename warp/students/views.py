from html import escape

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.forms import Form
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from warp import audit
from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES, public, role_required
from warp.accounts.models import Role
from warp.audit.queries import RecentEntry, recent_from_column
from warp.core.imports import ImportFileError
from warp.core.lists import short_date, urls_by_pk
from warp.students import imports
from warp.students.access import get_import_for, get_student_for, own_student_record, students_visible_to
from warp.students.forms import (
    LearningPlanForm,
    PostcodeDistrictForm,
    SelfRegistrationForm,
    StaffRegistrationForm,
    StudentEditForm,
    StudentImportConfirmForm,
    StudentImportUploadForm,
    StudentSearchForm,
)
from warp.students.models import (
    LearningPlan,
    LearningPlanReview,
    PostcodeDistrict,
    Student,
    StudentImport,
    StudentQuerySet,
)
from warp.students.paging import search_page
from warp.students.services import (
    AccountExists,
    DuplicateStudent,
    NotEligible,
    learning_plan_agree,
    postcode_district_add,
    postcode_district_remove,
    student_register,
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

IMPORTED_FLAG = mark_safe(' <span class="warp-flag">imported</span>')  # a fixed string  # nosec B308


def _add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


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
def register(request):
    """Someone registering themselves. Ineligible people see why and where else to look; nothing is lost."""
    user = request.user
    if user.is_authenticated:
        if user.role == Role.STUDENT and Student.objects.filter(user=user).exists():
            return redirect("students:my-record")
        if user.role in STUDENT_RECORD_ROLES:
            return redirect("students:staff-register")
    form = SelfRegistrationForm(request.POST or None)
    reasons: list = []
    already_registered = False
    if request.method == "POST" and form.is_valid():
        try:
            student = student_register(
                **_registration_kwargs(form.cleaned_data), account_password=form.cleaned_data["password"]
            )
        except NotEligible as exc:
            reasons = exc.reasons
        except (DuplicateStudent, AccountExists):
            # Say nothing about what matched: the page is public.
            already_registered = True
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            login(request, student.user)
            messages.success(request, f"Thank you, {student.first_name}. You are registered with us.")
            return redirect("students:my-record")
    return render(
        request,
        "students/student_register.html",
        {"form": form, "reasons": reasons, "already_registered": already_registered},
    )


@role_required(Role.STUDENT)
@require_safe
def my_record(request):
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


@role_required(*STUDENT_RECORD_ROLES)
def staff_register(request):
    """Staff registering someone in person or on the phone."""
    form = StaffRegistrationForm(request.POST or None)
    reasons: list = []
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            student = student_register(
                **_registration_kwargs(form.cleaned_data),
                account_password=form.cleaned_data["account_password"] or None,
                registered_by=request.user,
            )
        except NotEligible as exc:
            reasons = exc.reasons
        except DuplicateStudent as exc:
            duplicate = exc.existing
        except AccountExists:
            form.add_error(
                "email",
                "This email address already has a sign-in account. Use another, or leave the password blank.",
            )
        except ValidationError as exc:
            _add_errors(form, exc)
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


@role_required(*STUDENT_RECORD_ROLES, Role.TRAINER)
@require_safe
def student_list(request):
    search = StudentSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    students = (
        students_visible_to(request.user)
        .exclude(processing_restriction__isnull=False)  # restricted at their request (warp/privacy)
        .search(text)
        .order_by("last_name", "first_name", "pk")
    )
    number = request.GET.get("page")
    if text:
        page = search_page(students, PAGE_SIZE, number, columns=StudentQuerySet.LIST_COLUMNS)
    else:
        page = Paginator(students.list_rows(), PAGE_SIZE).get_page(number)
    return render(
        request,
        "students/student_list.html",
        {"search": search, "page": page, "rows": _student_rows(page.object_list), "text": text},
    )


def _student_rows(students) -> SafeString:
    """The list's rows, written once per page (STUDENT_ROW): fifty rows of nine template lookups and a date
    filter each were most of a search's time at 100,000 students. Every value is escaped as format_html
    would (html.escape is what Django's escape uses), without its per-value lazy-string checks."""
    students = list(students)
    urls = urls_by_pk("students:student-detail", [student.pk for student in students])
    statuses = {value: escape(str(label)) for value, label in Student._meta.get_field("status").flatchoices}
    rows = [
        STUDENT_ROW.format(
            urls[s.pk],
            escape(s.last_name),
            escape(s.first_name),
            f'<br><span class="nhsuk-body-s">{escape(s.email)}</span>' if s.email else "",
            escape(s.registration_number),
            escape(s.postcode),
            short_date(s.registered_on),
            statuses.get(s.status, escape(s.status)),
            IMPORTED_FLAG if s.is_historic else "",
        )
        for s in students
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above, URLs are built from pks  # nosec B308 B703


STUDENT_ROW = """    <tr class="nhsuk-table__row">
      <th scope="row" class="nhsuk-table__cell"><a href="{}">{}, {}</a>{}</th>
      <td class="nhsuk-table__cell">{}</td>
      <td class="nhsuk-table__cell">{}</td>
      <td class="nhsuk-table__cell">{}</td>
      <td class="nhsuk-table__cell">{}{}</td>
    </tr>"""


@role_required(*STUDENT_RECORD_ROLES, Role.TRAINER)
@require_safe
def student_detail(request, pk: int):
    # "Who has looked" is this view's own entry and the ones before it, read with the student.
    student = get_student_for(request.user, pk, record_page=True, looks=WHO_LOOKED - 1)
    entry = audit.record(request=request, action="view", obj=student)
    may_manage = request.user.role in STUDENT_RECORD_ROLES
    plan = None
    reviews: list[LearningPlanReview] = []
    looked = []
    if may_manage:
        plan = getattr(student, "learning_plan", None)  # read with the student; absent when none is agreed
        reviews = list(student.reviews.for_record())
        this_view = RecentEntry(entry.at, entry.user_name, entry.action, entry.model, entry.note)
        earlier = recent_from_column(student.recent_looks)  # type: ignore[attr-defined]  # for_record_page
        looked = _looked_rows([this_view, *earlier][:WHO_LOOKED])
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
        },
    )


def _looked_rows(entries) -> list[SafeString]:
    """The "who has looked" table's rows, written in Python (LOOKED_ROW): the time as |date:"j M Y H:i" gives
    it in the centre's time zone, the name ("the system" when none), the action, record and note, escaped."""
    rows = []
    for entry in entries:
        at = timezone.localtime(entry.at)
        rows.append(
            LOOKED_ROW.format(
                at=f"{short_date(at.date())} {at:%H:%M}",
                who=escape(entry.user_name) or "the system",
                what=escape(f"{entry.get_action_display()} {entry.model}")
                + (f" ({escape(entry.note)})" if entry.note else ""),
            )
        )
    return [mark_safe(row) for row in rows]  # noqa: S308 - every text escaped above  # nosec B308 B703


LOOKED_ROW = """    <tr class="nhsuk-table__row">
      <th scope="row" class="nhsuk-table__cell">{at}</th>
      <td class="nhsuk-table__cell">{who}</td>
      <td class="nhsuk-table__cell">{what}</td>
    </tr>"""


@role_required(*STUDENT_RECORD_ROLES)
def student_edit(request, pk: int):
    student = get_student_for(request.user, pk)
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
            _add_errors(form, exc)
        else:
            messages.success(request, "The details are saved.")
            return redirect("students:student-detail", pk=student.pk)
    return render(
        request, "students/student_edit.html", {"student": student, "form": form, "duplicate": duplicate}
    )


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def waiting_list(request):
    """Students waiting to agree a learning plan, the longest-waiting first."""
    students = (
        students_visible_to(request.user)
        .exclude(processing_restriction__isnull=False)
        .awaiting_plan()
        .for_list()
    )
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "students/student_waiting.html", {"page": page})


@role_required(*STUDENT_RECORD_ROLES)
def learning_plan_edit(request, pk: int):
    student = get_student_for(request.user, pk)
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
            _add_errors(form, exc)
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
def service_area(request):
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
                _add_errors(form, exc)
            else:
                messages.success(request, f"{district.code} is now in the service area.")
                return redirect("students:service-area")
    districts = list(PostcodeDistrict.objects.all())
    return render(request, "students/service_area_edit.html", {"form": form, "districts": districts})


@role_required(*MANAGER_ROLES)
def import_upload(request):
    form = StudentImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = imports.student_import_store(
            filename=upload.name, data=upload.read(), uploaded_by=request.user
        )
        return redirect("students:import-preview", pk=stored.pk)
    recent = StudentImport.objects.select_related("uploaded_by").defer("data")[:10]
    return render(
        request, "students/import_upload.html", {"form": form, "recent": recent, "columns": imports.COLUMNS}
    )


@role_required(*MANAGER_ROLES)
def import_preview(request, pk: int):
    """The dry run of an uploaded file, then the button that imports it."""
    stored = get_import_for(request.user, pk)
    form = StudentImportConfirmForm(request.POST if request.method == "POST" else None)
    report = None
    file_error = ""
    if not stored.is_complete:
        try:
            if request.method == "POST" and form.is_valid():
                try:
                    report = imports.student_import_confirm(
                        student_import=stored, import_valid_rows=form.cleaned_data["import_valid_rows"]
                    )
                except ValidationError:  # confirmed twice (two clicks, two tabs): the first one did it
                    return redirect(reverse("students:import-preview", kwargs={"pk": stored.pk}))
                except IntegrityError:  # registered by someone else since the check: nothing saved
                    messages.error(
                        request,
                        "Nothing was imported: one of these students was registered while you were importing. "
                        "The file is kept. Check the preview below, which now shows them as already here, "
                        "then import again.",
                    )
                    return redirect(reverse("students:import-preview", kwargs={"pk": stored.pk}))
                if report.saved:
                    messages.success(
                        request,
                        f"Imported {report.created} new students; {report.already_present} were already here.",
                    )
                    return redirect(reverse("students:import-preview", kwargs={"pk": stored.pk}))
                messages.error(
                    request,
                    "Nothing was imported, because some rows have problems. Fix them and upload the file again, "
                    "or tick the box to import the other rows now.",
                )
            else:
                report = imports.import_students(
                    bytes(stored.data), stored.filename, dry_run=True, import_valid_rows=False
                )
        except ImportFileError as exc:
            file_error = str(exc)
    return render(
        request,
        "students/import_preview.html",
        {"stored": stored, "report": report, "form": form, "file_error": file_error},
    )
