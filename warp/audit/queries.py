"""Reads of the audit log."""

import json
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import connections
from django.db.models import Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

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


def recent_column(outer_table: str, limit: int, database: str) -> RawSQL:
    """The last `limit` entries about the student of each row of the outer query (`outer_table`, by its
    table name: for a top-level query only), as one text column of JSON arrays [at, id, user_name, action,
    model, note] for `recent_from_column`. The record page reads them with the student: a query of its own
    cost a round trip and an ORM compilation, and the newest entry, this view's own, is added in Python."""
    connection = connections[database]
    quote = connection.ops.quote_name
    table = quote(AuditEntry._meta.db_table)
    fields = ["at", "id", "user_name", "action", "model", "note"]
    columns = ", ".join(f"e.{quote(name)}" for name in fields)
    if connection.vendor == "postgresql":
        rows = f"JSON_AGG(JSON_BUILD_ARRAY({columns}))::text"
    else:
        rows = f"JSON_GROUP_ARRAY(JSON_ARRAY({columns}))"
    inner = ", ".join(quote(name) for name in fields)
    sql = (
        f"SELECT {rows} FROM (SELECT {inner} FROM {table} WHERE {quote('student_id')} = "  # noqa: S608 - names from model metadata; the limit is an int parameter
        f"{quote(outer_table)}.{quote('id')} ORDER BY {quote('at')} DESC, {quote('id')} DESC LIMIT %s) e"
    )
    return RawSQL(sql, (int(limit),), output_field=TextField())  # noqa: S611 - fixed SQL, the limit a parameter


def _aware(value: str) -> datetime:
    """A stored time from the JSON: PostgreSQL's ISO text with its offset, SQLite's naive UTC text."""
    at = datetime.fromisoformat(value)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def recent_from_column(rows: str | None) -> list[RecentEntry]:
    """The entries of a `recent_column`, newest first (sorted here: neither database promises the order an
    aggregate sees its rows in)."""
    found = [
        (_aware(at), pk, name, action, model, note)
        for at, pk, name, action, model, note in json.loads(rows or "[]")
    ]
    found.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [RecentEntry(at, name, action, model, note) for at, _, name, action, model, note in found]


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
