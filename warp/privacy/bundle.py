"""The subject access bundle: everything held about one student, as JSON and a readable PDF.

Built from the coverage registry (one query per model), the student's account, and the audit entries
about them, so a model added to the registry is in the bundle without further work.
"""

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from warp.accounts.models import role_words
from warp.audit.models import AuditEntry
from warp.audit.words import describe
from warp.privacy.coverage import covered_models, rows_for
from warp.students.models import Student

ACCOUNT_FIELDS = ["email", "first_name", "last_name", "role", "is_active", "date_joined", "last_login"]
AUDIT_FIELDS = ["at", "user_name", "role", "action", "model", "object_id", "note"]


def build_bundle(student: Student) -> dict:
    """Plain data: {"student": {...}, "account": {...}, "identities": [...], "sections": {label: rows}, "audit": [...]}."""
    sections: dict[str, list[dict]] = {}
    for label, model, cover in covered_models():
        if label == "students.Student":
            continue
        sections[label] = rows_for(model, cover, student)
    student_row = Student.objects.filter(pk=student.pk).values().get()
    account = None
    if student.user_id is not None:
        account = (
            type(student.user)._default_manager.filter(pk=student.user_id).values(*ACCOUNT_FIELDS).first()  # type: ignore[union-attr]
        )
    return {
        "generated_at": timezone.now(),
        "centre": settings.CENTRE_NAME,
        "student": student_row,
        "identities": list(student.identities.values_list("label", flat=True)),
        "account": account,
        "sections": sections,
        "audit": list(AuditEntry.objects.for_student(student.pk).values(*AUDIT_FIELDS)),
    }


def bundle_json(bundle: dict) -> str:
    return json.dumps(bundle, cls=DjangoJSONEncoder, indent=2)


# Kept in the JSON copy (data portability: every stored value), left out of the readable copy: keys and
# links that mean nothing to the person reading it.
INTERNAL_FIELDS = {
    "id",
    "import_key",
    "updated_at",
    "user",
    "link",
    "student",
    "booking",
    "response",
    "attendance",
}

# Where a field's own name would not read well to the person the bundle is for.
LABELS = {
    "consent_to_hold_data": "Agreed to us keeping your details",
    "consent_given_at": "Agreed on",
    "consent_to_contact": "Happy to hear about courses and news",
    "consent_to_quote": "Happy to be quoted without your name",
    "privacy_notice_version": "Privacy notice version",
    "confirmed_over_18": "Confirmed you were 18 or over",
    "is_historic": "Brought in from records kept before WaRP",
    "created_at": "Recorded",
    "registered_by": "Registered by",
    "texts_stopped_at": "You replied STOP to our texts on",
    "notify_id": "GOV.UK Notify's reference for the message",
    "delivery_status": "What GOV.UK Notify said became of it",
}

SECTION_TITLES = {
    "students.LearningPlan": "Your learning plan",
    "students.LearningPlanReview": "Your learning plan reviews",
    "students.ConsentRecord": "Your consent choices over time",
    "students.PlanContact": "Our notes of contact with you before your learning plan",
    "bookings.Booking": "Your bookings",
    "bookings.Attendance": "Your attendance",
    "bookings.AttendanceChange": "Changes to your attendance marks",
    "bookings.BookingMessage": "Messages we sent you about bookings",
    "bookings.CalendarFeed": "Your calendar address",
    "feedback.FeedbackResponse": "Your feedback forms",
    "feedback.Answer": "Your feedback answers",
    "privacy.SubjectRequest": "Your requests about your data",
    "privacy.ProcessingRestriction": "Restriction of processing",
    "privacy.Erasure": "Erasure",
    "students.ReviewSecondCoding": "Second codings of your learning plan reviews (a check on our coding)",
    "service_use.ServiceUseAnswer": "Your answers about the services you used",
    "service_use.ServiceContact": "How often you used each service, in those answers",
    "programmes.Nomination": "Your award nominations",
    "programmes.Score": "Judges' scores of your nomination",
    "programmes.Conflict": "Conflicts of interest judges declared about your nomination",
    "measures.MeasureResponse": "Your questionnaires",
    "measures.MeasureRequest": "Questionnaires we asked you to fill in",
}


def _readable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        at = timezone.localtime(value)
        return f"{at.day} {at:%B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _run_name(run) -> str:
    return f"{run.course.title} ({run.term.name})"


# How a linked record is named, and what to read with it so naming it costs no further query.
NAMERS: dict[str, tuple[tuple[str, ...], Callable]] = {
    "accounts.User": ((), lambda user: user.get_full_name() or "a member of staff"),
    "prospectus.CourseRun": (("course", "term"), _run_name),
    "prospectus.Session": (
        ("course_run__course",),
        lambda session: f"{session.course_run.course.title}, {session.date.day} {session.date:%B %Y}",
    ),
    "feedback.FeedbackQuestion": ((), lambda question: question.text),
    "service_use.Service": ((), lambda service: service.label),
}


def _names(model, pks: set) -> dict:
    """{pk: words} for the linked records of one model: one query."""
    related, namer = NAMERS.get(model._meta.label, ((), str))
    return {obj.pk: namer(obj) for obj in model._default_manager.select_related(*related).filter(pk__in=pks)}


def _rows_in_words(model, rows: list[dict], names: dict) -> list[list[tuple[str, str]]]:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    table = []
    for row in rows:
        cells = []
        for key, value in row.items():
            field = fields.get(key)
            name = field.name if field is not None else key
            if name in INTERNAL_FIELDS:
                continue
            label = LABELS.get(name) or (
                str(field.verbose_name) if field is not None else key.replace("_", " ")
            )
            if field is not None and field.is_relation:
                words = (
                    names.get(field.related_model._meta.label, {}).get(value) if value is not None else None
                )
                cells.append((label, words or "—"))
            elif field is not None and field.flatchoices:
                cells.append((label, str(dict(field.flatchoices).get(value, value)) if value != "" else "—"))
            else:
                cells.append((label, _readable(value)))
        table.append(cells)
    return table


def readable_bundle(bundle: dict) -> dict:
    """The bundle written for the person reading it: labels instead of field names, staff by name instead
    of ids, choices in words, no keys or internal links. One query per kind of linked record (staff,
    course runs, sessions, questions), however many rows link to them."""
    from django.apps import apps

    parts = [("students.Student", Student, [bundle["student"]])]
    parts += [(label, apps.get_model(label), rows) for label, rows in bundle["sections"].items()]
    wanted: dict = {}
    for _label, model, rows in parts:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.name not in INTERNAL_FIELDS:
                ids = {row[field.attname] for row in rows if row.get(field.attname) is not None}
                if ids:
                    wanted.setdefault(field.related_model, set()).update(ids)
    names = {model._meta.label: _names(model, pks) for model, pks in wanted.items()}
    sections = [
        (
            SECTION_TITLES.get(label, str(model._meta.verbose_name_plural).capitalize()),
            _rows_in_words(model, rows, names),
        )
        for label, model, rows in parts[1:]
    ]
    account = None
    if bundle["account"]:
        user_fields = {
            field.attname: field for field in apps.get_model("accounts.User")._meta.concrete_fields
        }
        account = [
            (
                str(user_fields[key].verbose_name or key).capitalize(),
                role_words(value) if key == "role" else _readable(value),
            )
            for key, value in bundle["account"].items()
        ]
    audit = [
        {
            "at": entry["at"],
            "who": entry["user_name"] or "the system",
            "role": role_words(entry["role"]),
            "what": describe(action=entry["action"], model=entry["model"]),
            "note": entry["note"],
        }
        for entry in bundle["audit"]
    ]
    return {
        "student": _rows_in_words(Student, [bundle["student"]], names)[0],
        "account": account,
        "sections": sections,
        "audit": audit,
    }


def bundle_html(bundle: dict) -> str:
    readable = readable_bundle(bundle)
    return render_to_string(
        "privacy/bundle_print.html",
        {
            "bundle": bundle,
            "student": readable["student"],
            "account": readable["account"],
            "sections": readable["sections"],
            "audit": readable["audit"],
        },
    )


def bundle_pdf(bundle: dict) -> bytes:
    from weasyprint import HTML  # slow to import; only PDFs need it

    return HTML(string=bundle_html(bundle)).write_pdf()
