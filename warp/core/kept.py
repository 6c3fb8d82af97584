"""Reports kept in the cache until their data change.

The evaluation report and the term dashboard recount a year, or a term, of the centre on every request:
about a second at 100,000 students. Their figures change only when the rows they count change, so they are
kept in settings.CACHES under the **data version**: the sum of the counters in `core_datachange`, which
database triggers raise on every write to the tracked tables (installed by migrations
through `track_sql`). Because the triggers are in the database, nothing can change a counted row without
changing the version: not a bulk insert, an `.update()`, raw SQL, an import, another app server or a
restore. Which tables are tracked is in the migrations (warp/core/migrations/0002_track_report_tables.py);
tests/core/test_kept.py runs every kept computation and fails for any table it reads without a trigger.

Correctness rests on three rules:
- the version is read *before* the figures are computed, so a kept value is never older than its version
  (a change committed in between makes a newer version that the kept value is never found under);
- values are stored with `transaction.on_commit`: a transaction that wrote and then rolled back never
  leaves figures computed from its writes (in autocommit, on_commit runs at once);
- the key holds an epoch (a token in the cache, renewed by `forget_all()` after a restore or a demo
  reset, which may set the counters back, and when `warp serve` starts), WaRP's version (code that kept a
  value may have written it in another shape), the database, today's date and the caller's own parts.

Kept values also expire after KEEP_SECONDS. No student's record is kept: callers keep counts, course rows
and the report's unnamed, consented quotes, never a record.
"""

import hashlib
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

T = TypeVar("T")

try:
    WARP_VERSION = version("warp")
except PackageNotFoundError:  # running from a checkout that was never installed
    WARP_VERSION = "unknown"

EPOCH_KEY = "kept:epoch"
KEEP_SECONDS = 6 * 60 * 60

TABLE = "core_datachange"
PG_FUNCTION = "warp_data_changed"


def track_sql(vendor: str, table: str) -> list[str]:
    """The statements that make writes to `table` raise the data version (used by migrations)."""
    if vendor == "postgresql":
        return [
            f'CREATE TRIGGER "warp_changed_{table}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        ]
    # Table names come from migrations, never from input.
    return [
        f'CREATE TRIGGER "warp_changed_{table}_{operation.lower()}" AFTER {operation} ON "{table}" BEGIN '  # noqa: S608  # nosec B608
        f"INSERT OR IGNORE INTO {TABLE} (id, bumps) VALUES (1, 0); "
        f"UPDATE {TABLE} SET bumps = bumps + 1 WHERE id = 1; END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


def untrack_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}" ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}_{op}"' for op in ("insert", "update", "delete")]


# PostgreSQL: each writing statement raises one counter row that no other open transaction holds, so
# concurrent writers never wait on each other here (and cannot deadlock through it); with every row held,
# it adds a row. The sum still rises with every committed change, and a rolled-back change takes its raise
# with it.
PG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION warp_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_datachange SET bumps = bumps + 1
     WHERE id = (SELECT id FROM core_datachange ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1);
    IF NOT FOUND THEN
        INSERT INTO core_datachange (bumps) VALUES (1);
    END IF;
    RETURN NULL;
END
$$
"""


def data_version(using: str = DEFAULT_DB_ALIAS) -> int:
    """The sum of the change counters: higher after every committed write to a tracked table."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(bumps), 0) FROM {TABLE}")  # noqa: S608 - a constant  # nosec B608
        return int(cursor.fetchone()[0])


def token(key: str) -> str:
    """A random token kept in the cache under `key`, made on first use; `new_token(key)` replaces it, which
    makes every value keyed by the old one unreachable."""
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid4().hex, None)  # if two processes race, both then read the one that won
        value = cache.get(key) or ""
    return value


def new_token(key: str) -> None:
    cache.set(key, uuid4().hex, None)


def forget_all() -> None:
    """Make every kept value unreachable: after a restore or a demo reset, which may set the counters back,
    and when the server starts, as the code that kept them may have changed."""
    new_token(EPOCH_KEY)


def database_key(*parts: object) -> str:
    """A cache key for `parts` that also names the database, so two databases sharing one cache (the bench
    runs SQLite and PostgreSQL side by side) never answer for each other."""
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    where = (database["ENGINE"], database["NAME"], database.get("HOST"), database.get("PORT"))
    return hashlib.sha256(repr((where, parts)).encode()).hexdigest()[:32]


def kept(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave for the same name and parts while the data were as they are now."""
    key = f"kept:{name}:{database_key(token(EPOCH_KEY), WARP_VERSION, data_version(), timezone.localdate(), parts)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        transaction.on_commit(lambda: cache.set(key, value, KEEP_SECONDS))
    return value
