"""Reads of the audit log."""

from datetime import datetime

from django.db.models import Q, QuerySet

from warp.audit.models import AuditEntry


def recent_about(student_id: int, limit: int) -> QuerySet[AuditEntry]:
    """The last `limit` entries about a student, newest first: what their record's "who has looked" shows."""
    return (
        AuditEntry.objects.filter(student_id=student_id)
        .only("at", "user_name", "action", "model", "note")
        .order_by("-at", "-pk")[:limit]
    )


def search(
    *,
    person: str = "",
    student_id: int | None = None,
    action: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Entries matching every filter given. `person` matches the name kept on the entry or the account's email."""
    entries = AuditEntry.objects.all()
    if person.strip():
        text = person.strip()
        entries = entries.filter(Q(user_name__icontains=text) | Q(user__email__icontains=text))
    if student_id is not None:
        entries = entries.filter(student_id=student_id)
    if action:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(at__gte=since)
    if until is not None:
        entries = entries.filter(at__lt=until)
    return entries.order_by("-at", "-pk")
