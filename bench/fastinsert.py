"""Bulk inserts for the big synthetic tables: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples in the order of the columns given; ids are chosen by the caller (so no round trip is
needed to learn them) and the sequences are reset afterwards. Columns not given take the field's default
(computed once per table), None when nullable, or now() for auto_now fields.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def _sqlite_value(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _filler(model: type[models.Model], given: list[str]) -> tuple[list[str], tuple]:
    """The columns not given and one value for each (the same for every row)."""
    now = timezone.now()
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()  # the field's default, "" for text, else None
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.attname} has no default: give it a value")
        names.append(field.attname)
        values.append(value)
    return names, tuple(values)


def insert(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows (tuples in the order of `columns`) into model's table; returns the number inserted."""
    extra_names, extra_values = _filler(model, columns)
    attnames = [*columns, *extra_names]
    db_columns = [model._meta.get_field(name).column for name in attnames]
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(c) for c in db_columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra_values)
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(db_columns))
            sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"
            iterator = iter(rows)
            while chunk := list(islice(iterator, BATCH)):
                cursor.executemany(
                    sql, [tuple(_sqlite_value(v) for v in row + extra_values) for row in chunk]
                )
                count += len(chunk)
    return count


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
