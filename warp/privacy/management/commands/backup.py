"""warp manage backup --output FILE: a consistent copy of the whole database, taken while WaRP runs.

SQLite: the online backup API (pages copied under a read lock, so writers are not stopped for long).
PostgreSQL: pg_dump in its custom format when pg_dump is installed (the server's version where several are),
else Django's dumpdata (JSON).
"""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _pg_env_and_args(settings_dict) -> tuple[dict, list[str]]:
    env = {"PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    args = ["--dbname", settings_dict["NAME"], "--host", settings_dict.get("HOST") or "localhost"]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    return env, args


def pg_tool(name: str) -> str | None:
    """pg_dump or pg_restore for the server's major version: Debian and Ubuntu keep each installed version
    under /usr/lib/postgresql/<major>/bin (an older pg_dump refuses a newer server); else the one on PATH."""
    connection.ensure_connection()
    matching = Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin/{name}")  # type: ignore[attr-defined]
    return str(matching) if matching.exists() else shutil.which(name)


def run_pg_tool(command: list[str], env: dict) -> None:
    import os

    try:
        subprocess.run(command, check=True, env={**os.environ, **env})  # noqa: S603 - fixed arguments, no shell
    except subprocess.CalledProcessError as failure:
        raise CommandError(
            f"{Path(command[0]).name} failed (exit {failure.returncode}); its message is above. If it names a "
            "version mismatch, install the PostgreSQL client tools of the server's version."
        ) from failure


class Command(BaseCommand):
    help = "Back up the whole database to a file (see the README's Backups section)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, output: str, **options):
        target = Path(output)
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new file name.")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(target) as dest:
                connection.connection.backup(dest)
            dest.close()
            kind = "SQLite database"
        elif connection.vendor == "postgresql" and (pg_dump := pg_tool("pg_dump")):
            env, pg_args = _pg_env_and_args(connection.settings_dict)
            run_pg_tool([pg_dump, "--format=custom", "--file", str(target), *pg_args], env)
            kind = "pg_dump custom archive"
        else:
            call_command("dumpdata", "--natural-foreign", "--indent", "0", "--output", str(target))
            kind = "JSON (dumpdata)"
        target.chmod(0o600)
        self.stdout.write(f"Backed up to {target} ({kind}).")
