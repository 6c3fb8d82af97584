"""warp manage backup --output FILE: a consistent copy of the whole database, taken while WaRP runs.

SQLite: the online backup API (pages copied under a read lock, so writers are not stopped for long).
PostgreSQL: pg_dump in its custom format when pg_dump is installed (the server's version where several are),
else Django's dumpdata (JSON).

The file is made private (mode 600) before a byte is written: it holds everyone's records, and a file
made by the program that writes it would be readable by every account on the machine until the end.
"""

import os
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


def run_pg_tool(command: list[str], env: dict, *, stdout=None) -> None:
    try:
        subprocess.run(command, check=True, env={**os.environ, **env}, stdout=stdout)  # noqa: S603 - fixed arguments, no shell
    except subprocess.CalledProcessError as failure:
        raise CommandError(
            f"{Path(command[0]).name} failed (exit {failure.returncode}); its message is above. If it names a "
            "version mismatch, install the PostgreSQL client tools of the server's version."
        ) from failure


class Command(BaseCommand):
    help = "Back up the whole database to a file (see docs/privacy.md, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, output: str, **options):
        target = Path(output)
        try:
            # Created here, empty and private, never over an existing file; every writer then writes into it.
            private = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{target} already exists; choose a new file name.") from None
        try:
            with open(private, "wb") as file:
                kind = self._write(target, file)
        except BaseException:
            target.unlink(missing_ok=True)  # no half-written backup left behind
            raise
        self.stdout.write(f"Backed up to {target} ({kind}).")

    def _write(self, target: Path, file) -> str:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            # SQLite writes into the empty private file (and gives its journal the file's mode).
            with sqlite3.connect(target) as dest:
                connection.connection.backup(dest)
            dest.close()
            return "SQLite database"
        if connection.vendor == "postgresql" and (pg_dump := pg_tool("pg_dump")):
            env, pg_args = _pg_env_and_args(connection.settings_dict)
            run_pg_tool([pg_dump, "--format=custom", *pg_args], env, stdout=file)
            return "pg_dump custom archive"
        with open(file.fileno(), "w", encoding="utf-8", closefd=False) as text:
            call_command("dumpdata", "--natural-foreign", "--indent", "0", stdout=text)
        return "JSON (dumpdata)"
