"""Make the benchmark database empty and migrated: `python -m bench.database URL`.

SQLite: the file is deleted. PostgreSQL: the database is dropped and created again (it must be a
benchmark database: its name has to contain "bench").
"""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url


def recreate(url: str) -> None:
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg
        from psycopg import sql

        name = config["NAME"]
        if "bench" not in name:
            raise SystemExit(f"Refusing to drop {name!r}: benchmark databases have 'bench' in their name.")
        with psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    subprocess.run([sys.executable, "-m", "django", "migrate", "--verbosity", "0"], check=True, env=env)


if __name__ == "__main__":
    recreate(sys.argv[1])
