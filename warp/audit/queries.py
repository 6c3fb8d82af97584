"""Reads of the audit log."""

from datetime import datetime
from typing import NamedTuple

from django.db.models import Q, QuerySet

from warp.audit.models import Action, AuditEntry


class RecentEntry(NamedTuple):
    """What a student's record shows of an audit entry."""

    at: datetime
    user_name: str
    action: str
    model: str
    note: str

    def get_action_display(self) -> str:
        """As the model's get_action_display: the label, or the stored value if it is no longer a choice."""
        return str(dict(Action.choices).get(self.action, self.action))


def recent_for_student(student_id: int, *, limit: int = 10) -> list[RecentEntry]:
    """The last entries about one student, newest first (one query of the shown columns, as plain rows)."""
    entries = AuditEntry.objects.for_student(student_id).values_list(
        "at", "user_name", "action", "model", "note"
    )
    return [RecentEntry(*values) for values in entries[:limit]]


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
