"""The one function every app calls to record an access or a change."""

import ipaddress

from django.contrib.auth.models import AbstractUser
from django.db import connections, models, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from warp.audit.middleware import current_request
from warp.audit.models import Action, AuditEntry

USER_AGENT_LENGTH = 200


def coarse_ip(value: str) -> str:
    """The network, not the device: IPv4 to its /24, IPv6 to its /48. Enough to tell the office from
    abroad when investigating, without keeping a precise identifier of someone's home connection."""
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def client_address(request: HttpRequest) -> str:
    """The person's address as the sign-in limits see it: through our reverse proxy when one is configured
    (WARP_TRUSTED_PROXY_COUNT or WARP_CLIENT_IP_HEADER: only what the proxy appended counts, never a header
    someone typed), else the connection's own address."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return getattr(request, "META", {}).get("REMOTE_ADDR", "")


def _where(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "", ""
    ip = coarse_ip(client_address(request))
    agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    return ip, agent


def record(
    *,
    action: str,
    request: HttpRequest | None = None,
    user: AbstractUser | None = None,
    obj: models.Model | None = None,
    model: str = "",
    object_id: int | str | None = None,
    student_id: int | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry. Pass `obj` (a model instance) or `model` + `object_id`.

    `request` defaults to the request being served (see middleware), `user` to its user. A Student
    passed as `obj` is its own `student_id`; for other records pass `student_id` yourself.
    """
    entry = _entry(
        action=action,
        request=request,
        user=user,
        obj=obj,
        model=model,
        object_id=object_id,
        student_id=student_id,
        note=note,
    )
    entry.save()
    return entry


def _entry(
    *,
    action: str,
    request: HttpRequest | None,
    user: AbstractUser | None,
    model: str,
    object_id: int | str | None,
    student_id: int | None,
    note: str,
    obj: models.Model | None = None,
) -> AuditEntry:
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    request = request if request is not None else current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        # AnonymousUser: nobody signed in
        user = request.user if isinstance(request.user, AbstractUser) else None
    if obj is not None:
        model = model or obj._meta.label
        object_id = obj.pk if object_id is None else object_id
        if student_id is None and obj._meta.label == "students.Student":
            student_id = obj.pk
    ip, agent = _where(request)
    return AuditEntry(
        at=timezone.now(),
        user_id=user.pk if user is not None else None,
        user_name=(user.get_full_name() or user.email)[:200] if user is not None else "",
        role=getattr(user, "role", "") if user is not None else "",
        action=action,
        model=model,
        object_id="" if object_id is None else str(object_id),
        student_id=student_id,
        ip_address=ip,
        user_agent=agent,
        note=note[:300],
    )


def record_each(
    *,
    changes: list[tuple[str, models.Model, int | None]],
    request: HttpRequest | None = None,
    user: AbstractUser | None = None,
    note: str = "",
) -> int:
    """One entry per (action, record, student_id), in one insert: for a save that changes many records
    at once (a register's marks), so each record keeps its own entry without a statement per record."""
    entries = [
        _entry(
            action=action,
            request=request,
            user=user,
            obj=obj,
            model="",
            object_id=None,
            student_id=student_id,
            note=note,
        )
        for action, obj, student_id in changes
    ]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


def record_many(
    *,
    action: str,
    model: str,
    student_ids: list[int],
    request: HttpRequest | None = None,
    user: AbstractUser | None = None,
    object_id: int | str | None = None,
    note: str = "",
) -> int:
    """One entry per student, in one insert: for a page that names many students (a register)."""
    if not student_ids:
        return 0
    template = _entry(
        action=action,
        request=request,
        user=user,
        model=model,
        object_id=object_id,
        student_id=None,
        note=note,
    )
    # The rows differ only in student_id, so each column is prepared for the database once (bulk_create
    # prepared every field of every row: most of a 140-student register's time). PostgreSQL takes them in one
    # statement over the array of ids (psycopg binds client-side, so per-row parameters cost more than the
    # insert); SQLite's executemany loops in C.
    connection = connections[router.db_for_write(AuditEntry)]
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    at = next(n for n, f in enumerate(fields) if f.attname == "student_id")
    quote = connection.ops.quote_name
    # Names from the model's own metadata; every value is a parameter.
    table, columns = quote(AuditEntry._meta.db_table), ", ".join(quote(f.column) for f in fields)
    ids = [int(sid) for sid in student_ids]
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Typed, so a NULL (no user) or a string reaches its column as that column's type.
            select = ", ".join(
                "sid" if n == at else f"CAST(%s AS {f.cast_db_type(connection)})"  # type: ignore[attr-defined]
                for n, f in enumerate(fields)
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {select} FROM unnest(%s::bigint[]) AS sid",  # noqa: S608 - names from model metadata, values are parameters
                [*values[:at], *values[at + 1 :], ids],
            )
        else:
            row = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({row})",  # noqa: S608 - names from model metadata, values are parameters
                [[*values[:at], sid, *values[at + 1 :]] for sid in ids],
            )
    return len(student_ids)
