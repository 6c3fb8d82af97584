"""warp manage restore --input FILE: put a backup made by `warp manage backup` back. Replaces everything.

Stop the app (and task workers) first. SQLite: the backup file's pages are copied over the database.
PostgreSQL: pg_restore --clean for a pg_dump archive; loaddata for a JSON backup into an empty, migrated
database.
"""

import sqlite3
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from warp.privacy.management.commands.backup import _pg_env_and_args, pg_tool, run_pg_tool


class Command(BaseCommand):
    help = "Restore the database from a backup file. Everything now in the database is replaced."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="the backup file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, input: str, yes: bool, **options):
        source = Path(input)
        if not source.exists():
            raise CommandError(f"There is no file {source}.")
        if not yes and input_answer(f"Replace everything in the database with {source}? [y/N] ") != "y":
            raise CommandError("Nothing was changed.")
        head = source.read_bytes()[:16]
        if connection.vendor == "sqlite" and head.startswith(b"SQLite format 3"):
            connection.ensure_connection()
            with sqlite3.connect(source) as backup:
                backup.backup(connection.connection)
        elif head.startswith(b"PGDMP"):
            env, pg_args = _pg_env_and_args(connection.settings_dict)
            pg_restore = pg_tool("pg_restore")
            if pg_restore is None:
                raise CommandError("This backup needs pg_restore: install the PostgreSQL client tools.")
            run_pg_tool([pg_restore, "--clean", "--if-exists", "--no-owner", *pg_args, str(source)], env)
        else:
            call_command("loaddata", str(source))
        from warp.core.kept import forget_all

        forget_all()  # pages and reports kept from before the restore must not be shown: the restored change counters may be lower than those they were kept under
        self.stdout.write(f"Restored from {source}.")


def input_answer(prompt: str) -> str:
    return input(prompt).strip().lower()
