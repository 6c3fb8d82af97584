"""Reads of the audit log."""

from datetime import datetime

from django.db.models import Q, QuerySet

from warp.audit.models import AuditEntry


def recent_for_student(student_id: int, *, limit: int = 10) -> list[AuditEntry]:
    """The last entries about one student, newest first (one query)."""
    return list(AuditEntry.objects.for_student(student_id).defer("user_agent")[:limit])


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
