"""Set-based writes for big imports: ids reserved up front, rows inserted in one statement per table.

`bulk_create` prepares every field of every row through the ORM (most of an import's time at 100,000
rows) and cannot tell SQLite's callers the new ids. These helpers skip that work for rows the importer has
already checked: `reserve_ids` hands out ids nobody else can take, `insert_rows` writes plain tuples (COPY on
PostgreSQL, one executemany on SQLite), and `matching` reads rows whose column is in a long list of values
with a single parameter, so the number of queries never grows with the file. Call them inside
`transaction.atomic()`.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone

# SQLite's page cache during a bulk insert: negative means KiB, so 64 MB (used only as pages are read).
SQLITE_CACHE_KIB = -65536


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("Bulk writes must run inside transaction.atomic().")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, in ascending order, that no other insert will use.

    PostgreSQL: taken from the table's own sequence in one query, so concurrent inserts get other ids.
    SQLite: the write lock is held from the first statement of the transaction (`transaction_mode`
    IMMEDIATE in settings), so nobody else inserts meanwhile; the ids start after the highest ever used
    (read from `sqlite_sequence` too, so a deleted student's id is never given to someone new). Insert
    the rows with these ids before anything else inserts into the table in the same transaction: SQLite
    then records them in `sqlite_sequence` itself.
    """
    _require_transaction()
    if count <= 0:
        return []
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"No bulk insert for {connection.vendor}")
        cursor.execute(
            f"SELECT max(coalesce((SELECT max({quote(pk_column)}) FROM {quote(table)}), 0), "  # noqa: S608 - names from the model
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def _fill(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], tuple]:
    """The columns not given, each with the one value every row gets: its default, or now() for
    auto_now fields. A required field without a default must be given."""
    now = timezone.now()
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        else:
            value = field.get_default()
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.attname} has no default: give it a value")
        names.append(field.attname)
        values.append(value)
    return names, tuple(values)


def _sqlite_value(value: Any) -> Any:
    """What Django's SQLite backend stores: datetimes as naive UTC text, dates as ISO text."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `columns`, field attnames such as `registered_by_id`) into
    `model`'s table in one statement; other columns take their defaults. Returns how many were inserted.

    No model validation or signals: the caller has checked every value. The primary key may be given
    (ids from `reserve_ids`) or left out (the database numbers the rows).
    """
    _require_transaction()
    extra_names, extra_values = _fill(model, columns)
    attnames = [*columns, *extra_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = {field.attname: field for field in model._meta.concrete_fields}
    column_list = ", ".join(quote(fields[name].column) for name in attnames)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's errors (IntegrityError...) rather than psycopg's, as for any other query.
            with connection.wrap_database_errors:
                with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra_values)
                        count += 1
            return count
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"No bulk insert for {connection.vendor}")
        extra = tuple(_sqlite_value(value) for value in extra_values)
        date_positions = [
            i
            for i, name in enumerate(columns)
            if isinstance(fields[name], models.DateField | models.TimeField)
        ]
        params = []
        for row in rows:
            if date_positions:
                values = list(row)
                for i in date_positions:
                    if values[i] is not None:
                        values[i] = _sqlite_value(values[i])
                row = tuple(values)
            params.append(row + extra)
        if params:
            placeholders = ", ".join(["%s"] * len(attnames))
            # Every row touches every index of the table; SQLite's default 2 MB page cache makes a big
            # insert re-read index pages over and over. A bigger cache for this statement, then as it was.
            cursor.execute("PRAGMA cache_size")
            cache_size = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
            try:
                cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", params)  # noqa: S608 - names from model metadata, values are parameters
            finally:
                cursor.execute(f"PRAGMA cache_size = {cache_size}")
        return len(params)


def matching(column_sql: str, values: Iterable[Any]) -> tuple[str, list[Any]]:
    """A WHERE condition "`column_sql` is one of `values`" with a single parameter however many values:
    `= ANY(array)` on PostgreSQL, `IN (SELECT value FROM json_each(...))` on SQLite."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column_sql} = ANY(%s)", [values]
    return f"{column_sql} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]  # noqa: S608 - column from code
