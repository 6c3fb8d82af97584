"""The `warp` command without surprises (issue 15, item 7; issue 14, 2.3): migration is explicit, the other
commands refuse kindly while migrations wait, the demo's published logins stay out of real databases, and
`warp serve` starts a task worker and tells emails the address it serves."""

import os
import subprocess

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from warp import cli
from warp.accounts.models import User
from warp.cli import DEMO_REFUSED, MIGRATE_FIRST, main, migrations_pending, site_url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_migration_waiting():
    """Forget that the newest students migration was applied (rolled back with the test), as a database
    one release behind would be."""
    recorder = MigrationRecorder(connection)
    newest = recorder.migration_qs.filter(app="students").order_by("-name").first()
    assert newest is not None
    newest.delete()
    return newest.name


@pytest.fixture
def no_processes(monkeypatch):
    """The outside world of `warp serve`: the processes it would start. Records them instead."""
    started: dict[str, list] = {"popen": [], "execv": []}
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kwargs: started["popen"].append(argv))
    monkeypatch.setattr(os, "execv", lambda path, argv: started["execv"].append(argv))
    return started


def test_an_up_to_date_database_has_no_migration_waiting():
    assert migrations_pending() is False


def test_a_database_one_release_behind_has_a_migration_waiting(one_migration_waiting):
    assert migrations_pending() is True


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "8099"],
        ["demo"],
        ["import", "students", "/nonexistent/students.csv"],
        ["report", "evaluation", "--start", "2025-09-01", "--end", "2026-08-31"],
    ],
    ids=lambda argv: argv[0],
)
def test_commands_refuse_kindly_while_migrations_wait(argv, one_migration_waiting, no_processes, capsys):
    users_before = User.objects.count()
    assert main(argv) == 2
    out = capsys.readouterr().out
    assert MIGRATE_FIRST in out and "run `warp migrate` first" in out
    assert no_processes == {"popen": [], "execv": []}  # nothing started
    assert User.objects.count() == users_before  # nothing built


@pytest.mark.django_db(transaction=False)
def test_warp_migrate_makes_a_new_database_the_other_commands_then_use(tmp_path):
    """As a user would, in a new SQLite database: `warp import` refuses until `warp migrate` has run."""
    import sys

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "WARP_DATA_DIR": str(tmp_path / "data"),
    }
    csv = tmp_path / "students.csv"
    csv.write_text(
        "first_name,last_name,date_of_birth,gender,postcode,email,phone,identities,registered_on\n"
        "Ana,Moss,1970-02-03,,BH2 5AB,ana@example.org,,carer,2014-01-02\n"
    )

    def warp(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "warp.cli", *argv], env=env, capture_output=True, text=True, timeout=600
        )

    before = warp("import", "students", str(csv), "--dry-run")
    assert before.returncode == 2 and MIGRATE_FIRST in before.stdout
    migrated = warp("migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "The database is up to date and the static files are collected." in migrated.stdout
    after = warp("import", "students", str(csv), "--dry-run")
    assert after.stdout.startswith("Checked 1 rows"), after.stdout + after.stderr


def test_the_demo_is_refused_outside_sqlite_and_says_why(monkeypatch, settings, capsys):
    monkeypatch.setattr(connection, "vendor", "postgresql")  # the database kind, from outside WaRP
    settings.WARP_ALLOW_DEMO = False
    users_before = User.objects.count()
    assert main(["demo"]) == 2
    out = capsys.readouterr().out
    assert DEMO_REFUSED in out and "WARP_ALLOW_DEMO=true" in out and "published" in out
    assert User.objects.count() == users_before
    settings.WARP_ALLOW_DEMO = True
    assert cli.demo_allowed() is True


def test_serve_with_demo_on_an_empty_real_database_builds_no_demo(
    monkeypatch, settings, no_processes, capsys
):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    settings.WARP_ALLOW_DEMO = False
    assert main(["serve", "--demo", "--port", "8099"]) == 2
    assert DEMO_REFUSED in capsys.readouterr().out
    assert no_processes["execv"] == []


def test_serve_starts_a_task_worker_beside_the_server(settings, no_processes, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert main(["serve", "--port", "8099"]) == 0
    assert [argv[-2:] for argv in no_processes["popen"]] == [["manage", "db_worker"]]
    assert "gunicorn" in no_processes["execv"][0]
    assert "with a task worker for emails and imports" in capsys.readouterr().out


def test_serve_without_a_worker_says_how_to_run_one(settings, no_processes, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert main(["serve", "--port", "8099", "--no-worker"]) == 0
    assert no_processes["popen"] == []
    assert "no task worker: run `warp manage db_worker`" in capsys.readouterr().out


def test_serve_tells_emails_the_address_it_serves(monkeypatch, no_processes):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert main(["serve", "--host", "127.0.0.2", "--port", "8123"]) == 0
    assert os.environ["SITE_URL"] == "http://127.0.0.2:8123"


def test_a_configured_site_url_wins_over_the_address_served(monkeypatch, no_processes):
    monkeypatch.setenv("SITE_URL", "https://rec.example.org")
    assert main(["serve", "--port", "8123"]) == 0
    assert os.environ["SITE_URL"] == "https://rec.example.org"


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("rec.example.org", 80, "http://rec.example.org:80"),
        ("0.0.0.0", 8000, "http://127.0.0.1:8000"),  # noqa: S104 - naming the wildcard address
        ("::1", 8000, "http://[::1]:8000"),
    ],
)
def test_site_url_for_the_address_served(host, port, url):
    assert site_url_for(host, port) == url


def test_the_command_list_names_every_command():
    listed = cli.__doc__ or ""
    parser = cli.build_parser()
    commands = next(a for a in parser._subparsers._group_actions if a.dest == "command").choices
    for name in commands:
        assert f"warp {name}" in listed, f"warp {name} is missing from warp/cli.py's docstring"
