"""The subject access bundle: everything held about one student, as JSON and a readable PDF.

Built from the coverage registry (one query per model), the student's account, and the audit entries
about them, so a model added to the registry is in the bundle without further work.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from warp.audit.models import AuditEntry
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


def _readable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def bundle_html(bundle: dict) -> str:
    def table(rows):
        return [[(key.replace("_", " "), _readable(value)) for key, value in row.items()] for row in rows]

    from django.apps import apps

    sections = [
        (apps.get_model(label)._meta.verbose_name_plural.capitalize(), table(rows))
        for label, rows in bundle["sections"].items()
    ]
    return render_to_string(
        "privacy/bundle_print.html",
        {
            "bundle": bundle,
            "student": table([bundle["student"]])[0],
            "account": table([bundle["account"]])[0] if bundle["account"] else None,
            "sections": sections,
            "audit": bundle["audit"],
        },
    )


def bundle_pdf(bundle: dict) -> bytes:
    from weasyprint import HTML  # slow to import; only PDFs need it

    return HTML(string=bundle_html(bundle)).write_pdf()
