"""Pages and reports kept in the cache until their data change: the one way WaRP keeps computed pages.

The evaluation report and the term dashboard recount a year, or a term, of the centre on every request:
about a second at 100,000 students; the public prospectus's unfiltered pages are the same for every
visitor. Their figures change only when the rows they count change, so they are kept in settings.CACHES
under the **data version**: the sum of the counters in `core_datachange`, which database triggers raise on
every write to the tracked tables (installed by migrations through `track_sql` and `track_term_sql`).

Rows that belong to one term (its runs, their sessions, trainers, bookings and register marks) raise only
that term's counters (`scope` = the term's id); everything else raises the counters of no term (scope 0).
A report that names the terms it reads (`kept(..., terms=...)`) is keyed by those terms' counters and the
no-term ones, so taking a register this term leaves last year's report kept. Which terms a period's report
reads is itself worked out from sessions' dates and runs' terms, so a write that could change it (a session
added, moved or deleted, a run moved to another term) raises the no-term counters. Because the triggers are in the database, nothing can change a counted row without
changing the version: not a bulk insert, an `.update()`, raw SQL, an import, another app server or a
restore. Which tables are tracked is in the migrations (warp/core/migrations/0002_track_report_tables.py);
tests/core/test_kept.py runs every kept computation and fails for any table it reads without a trigger.

Correctness rests on three rules:
- the version is read *before* the figures are computed, so a kept value is never older than its version
  (a change committed in between makes a newer version that the kept value is never found under);
- values are stored with `transaction.on_commit`: a transaction that wrote and then rolled back never
  leaves figures computed from its writes (in autocommit, on_commit runs at once);
- the key holds an epoch (a token in the cache, one per database, renewed by `forget_all()` after a
  restore or a demo reset, which may set the counters back), the code's version (a hash of WaRP's source
  files, made once at start: code that kept a value may have written it in another shape, so new code
  never reads it, and `warp serve` need not forget anything when it starts), the database, today's date
  and the caller's own parts.

Every token (the epoch here) is kept per database: a scratch restore into
another database that shares the cache forgets only that database's values, never the live app's.

Kept values also expire after KEEP_SECONDS. No student's record is kept: callers keep counts, course rows
and the report's unnamed, consented quotes, never a record.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache as once
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def source_version(root: Path) -> str:
    """A hash of every Python file under `root` (names and contents): it changes whenever the code does."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@once
def code_version() -> str:
    """The running code's version, worked out once per process (about a tenth of a second)."""
    return source_version(PACKAGE_DIR)


EPOCH_KEY = "kept:epoch"
KEEP_SECONDS = 6 * 60 * 60

TABLE = "core_datachange"
PG_FUNCTION = "warp_data_changed"
PG_TERMS_FUNCTION = "warp_terms_changed"
EVERYWHERE = 0  # the counters' scope for rows that belong to no one term (students, courses, terms, ...)


def track_sql(vendor: str, table: str) -> list[str]:
    """The statements that make writes to `table` raise the data version everywhere (used by migrations)."""
    if vendor == "postgresql":
        return [
            f'CREATE TRIGGER "warp_changed_{table}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        ]
    # Table names come from migrations, never from input. The counter row is found by its scope, not its
    # id: after a flush (a demo reset) the first row made may be a term's.
    return [
        f'CREATE TRIGGER "warp_changed_{table}_{operation.lower()}" AFTER {operation} ON "{table}" BEGIN '  # noqa: S608
        f"{_sqlite_bump(str(EVERYWHERE))}END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


def _sqlite_bump(term: str) -> str:
    """Raise the counter of scope `term` (an SQL expression): SQLite has one writer at a time, so one
    counter row per scope is enough."""
    return (
        f"INSERT INTO {TABLE} (scope, bumps) SELECT v.scope, 0 FROM (SELECT {term} AS scope) v "  # noqa: S608
        f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} c WHERE c.scope = v.scope); "
        f"UPDATE {TABLE} SET bumps = bumps + 1 WHERE id = (SELECT MIN(id) FROM {TABLE} WHERE scope = {term}); "
    )


def untrack_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}" ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}_{op}"' for op in ("insert", "update", "delete")]


def track_term_sql(vendor: str, table: str, *, term_of: str, moves: tuple[str, ...] = ()) -> list[str]:
    """The statements that make writes to `table`, whose rows each belong to one term, raise only that
    term's data version (used by migrations).

    `term_of` is an SQL expression for a row's term id, with `{row}` where the row goes
    ("{row}.term_id", or a subquery through the row's course run); a row whose term cannot be found raises
    the version everywhere. `moves` are the columns whose change can bring a row into another period's
    report or take it out (a session's date, a run's term): changing one raises the version everywhere,
    because which terms a period's report reads is worked out from them."""

    def scope(row: str) -> str:
        return f"COALESCE({term_of.format(row=row)}, {EVERYWHERE})"

    def moved(old: str, new: str, distinct: str) -> str:
        return " OR ".join(f"{old}.{column} {distinct} {new}.{column}" for column in moves) or "FALSE"

    update_scope_sqlite = (
        f"CASE WHEN {moved('OLD', 'NEW', 'IS NOT')} THEN {EVERYWHERE} ELSE {scope('NEW')} END"
        if moves
        else None
    )
    if vendor == "postgresql":
        inserted = f"SELECT DISTINCT {scope('x')} FROM new_rows x"  # noqa: S608
        deleted = f"SELECT DISTINCT {scope('x')} FROM old_rows x"  # noqa: S608
        if moves:
            case = f"CASE WHEN {moved('o', 'x', 'IS DISTINCT FROM')} THEN {EVERYWHERE} ELSE {scope('x')} END"
            updated = f"SELECT DISTINCT {case} FROM old_rows o JOIN new_rows x ON x.id = o.id"  # noqa: S608
        else:
            updated = f"{inserted} UNION SELECT {scope('x')} FROM old_rows x"  # noqa: S608
        transitions = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows"}
        transitions["UPDATE"] = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
        statements = [
            f'CREATE TRIGGER "warp_changed_{table}_{operation.lower()}" AFTER {operation} ON "{table}" '
            f"REFERENCING {transitions[operation]} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {PG_TERMS_FUNCTION}('{query}')"
            for operation, query in (("INSERT", inserted), ("UPDATE", updated), ("DELETE", deleted))
        ]
        return [
            *statements,
            f'CREATE TRIGGER "warp_changed_{table}_truncate" AFTER TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
        ]

    bump = _sqlite_bump
    bodies = {
        "INSERT": bump(scope("NEW")),
        "UPDATE": bump(update_scope_sqlite)
        if update_scope_sqlite
        else bump(scope("OLD")) + bump(scope("NEW")),
        "DELETE": bump(scope("OLD")),
    }
    return [
        f'CREATE TRIGGER "warp_changed_{table}_{operation.lower()}" AFTER {operation} ON "{table}" '
        f"BEGIN {body}END"
        for operation, body in bodies.items()
    ]


def untrack_term_sql(vendor: str, table: str) -> list[str]:
    operations = ("insert", "update", "delete", *(("truncate",) if vendor == "postgresql" else ()))
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}_{op}" ON "{table}"' for op in operations]
    return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}_{op}"' for op in operations]


# PostgreSQL: each writing statement raises one counter row (of its scope) that no other open transaction
# holds, so concurrent writers never wait on each other here (and cannot deadlock through it); with every
# row held, it adds a row. The sum still rises with every committed change, and a rolled-back change takes
# its raise with it.
PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET bumps = bumps + 1
     WHERE id = (SELECT id FROM {TABLE} WHERE scope = {EVERYWHERE} ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1);
    IF NOT FOUND THEN
        INSERT INTO {TABLE} (scope, bumps) VALUES ({EVERYWHERE}, 1);
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608 - constants

# The same for each term a statement's rows belong to; TG_ARGV[0] is the query naming those terms, which
# reads the statement's transition tables (old_rows, new_rows).
PG_TERMS_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_TERMS_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    FOR changed IN EXECUTE TG_ARGV[0] LOOP
        UPDATE {TABLE} SET bumps = bumps + 1
         WHERE id = (SELECT id FROM {TABLE} WHERE scope = changed ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1);
        IF NOT FOUND THEN
            INSERT INTO {TABLE} (scope, bumps) VALUES (changed, 1);
        END IF;
    END LOOP;
    RETURN NULL;
END
$$
"""  # noqa: S608 - constants

Terms = Iterable["int | QuerySet"]


def data_version(using: str = DEFAULT_DB_ALIAS) -> int:
    """The sum of every change counter: higher after every committed write to a tracked table."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(bumps), 0) FROM {TABLE}")  # noqa: S608 - a constant
        return int(cursor.fetchone()[0])


def terms_version(terms: Terms) -> tuple[tuple[int, int], ...]:
    """The counters of the rows that belong to no term, and of the terms named (ids, or querysets of term
    ids): one query. It changes with every committed write to those, and with none to another term's rows."""
    from warp.core.models import DataChange

    scopes = Q(scope=EVERYWHERE)
    for term in terms:
        scopes |= Q(scope__in=term) if isinstance(term, QuerySet) else Q(scope=term)
    rows = DataChange.objects.filter(scopes).values("scope").annotate(total=Sum("bumps")).order_by("scope")
    return tuple((row["scope"], row["total"]) for row in rows)


def token(key: str) -> str:
    """A random token kept in the cache under `key` for this database, made on first use; `new_token(key)`
    replaces it, which makes every value keyed by the old one unreachable (in this database only)."""
    key = f"{key}:{database_key()}"
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid4().hex, None)  # if two processes race, both then read the one that won
        value = cache.get(key) or ""
    return value


def new_token(key: str) -> None:
    cache.set(f"{key}:{database_key()}", uuid4().hex, None)


def forget_all() -> None:
    """Make every value kept for this database unreachable: after a restore or a demo reset, which may set
    the counters back."""
    new_token(EPOCH_KEY)


def database_key(*parts: object) -> str:
    """A cache key for `parts` that also names the database, so two databases sharing one cache (the bench
    runs SQLite and PostgreSQL side by side) never answer for each other."""
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    where = (database["ENGINE"], database["NAME"], database.get("HOST"), database.get("PORT"))
    return hashlib.sha256(repr((where, parts)).encode()).hexdigest()[:32]


def kept(
    name: str,
    parts: tuple,
    compute: Callable[[], T],
    *,
    terms: Terms | None = None,
    worth_keeping: Callable[[T], bool] | None = None,
) -> T:
    """`compute()`, or the value it gave for the same name and parts while the data were as they are now.

    With `terms`, only writes to the rows of those terms (and to rows of no term: students, courses, the
    terms themselves) count as a change: a register taken in one term leaves another term's report kept.
    Name every term whose rows `compute` reads. `worth_keeping(value)` false: shown, never kept."""
    version = data_version() if terms is None else terms_version(terms)
    key = (
        f"kept:{name}:{database_key(token(EPOCH_KEY), code_version(), version, timezone.localdate(), parts)}"
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        if worth_keeping is None or worth_keeping(value):
            transaction.on_commit(lambda: cache.set(key, value, KEEP_SECONDS))
    return value
