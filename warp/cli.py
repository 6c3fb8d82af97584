"""The `warp` command: every command, with `warp COMMAND --help` for its options.

warp migrate                                   create or update the database, collect the static files
warp serve [--host H] [--port P] [--workers N] [--demo] [--no-worker]
                                               serve the app with gunicorn, and a task worker beside it
warp demo [--reset] [--network]                build the synthetic demo centre (SQLite only, by default)
warp import KIND FILE [--dry-run] [--import-valid-rows]
                                               KIND: feedback, reviews, students, runs, attendance, plans,
                                               workshops, review-codes, unit-costs, service-use, measures
warp report evaluation --start D --end D [--format html|csv|json|pdf] [--output FILE] [--suppress]
warp report outcomes --instrument CODE --start D --end D [--format ...] [--output FILE] [--suppress]
warp report service-use --start D --end D [--format html|csv|json|pdf] [--output FILE] [--suppress]
warp report network --start D --end D [--format html|csv|json|pdf] [--output FILE]
warp report partnership (--edition ID | --start D --end D) [--format html|pdf|docx] [--output FILE]
                        [--version full|commissioner|public]   the partnership report (docs/partnership-report.md)
warp measures load FILE.json                   create or update an outcome questionnaire from a file
warp network key | export | trust | import | framework load    a network of centres (warp/network/cli.py)
warp api token create --user EMAIL --name NAME [--days N]
                                               make an API token (printed once, on the last line)
warp backup FILE                               copy the whole database to FILE (mode 600) while WaRP runs
warp restore FILE [--yes]                      replace everything in the database with a backup
warp manage <django command> [args...]         any Django management command (e.g. db_worker)

Nothing changes the database's structure but `warp migrate`: `serve`, `demo`, `import` and `report` stop
and say "run `warp migrate` first" when migrations are waiting, so several servers starting at once never
race to migrate or to collect static files.
"""

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warp.core.imports import Importer

MIGRATE_FIRST = (
    "The database is not up to date with this version of WaRP (or is new): run `warp migrate` first, "
    "then run this command again. Nothing was changed."
)
DEMO_REFUSED = (
    "The demo centre is built only in the embedded SQLite database: its sign-ins, passwords and second-factor "
    "key are published in the README, so anyone could sign in to a real server as its administrator. "
    "Nothing was changed. To build it here anyway (a throwaway test server), set WARP_ALLOW_DEMO=true."
)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warp.settings")
    import django

    django.setup()


def migrations_pending() -> bool:
    """Whether the database lacks a migration this code has (a new database lacks them all)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _ready_or_say_so() -> bool:
    """Set Django up; False (having said what to do) when the database needs `warp migrate` first."""
    _setup_django()
    if migrations_pending():
        print(MIGRATE_FIRST)
        return False
    return True


def demo_allowed() -> bool:
    """The demo's published logins belong only in the embedded SQLite database, unless WARP_ALLOW_DEMO."""
    from django.conf import settings
    from django.db import connection

    return connection.vendor == "sqlite" or settings.WARP_ALLOW_DEMO


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    # Here, once, rather than at every start: several servers starting together would race to write them.
    call_command("collectstatic", interactive=False, verbosity=0)
    print("The database is up to date and the static files are collected.")
    return 0


# The access log names the path but never the query string or the referring page: a staff search for a
# student's name (/students/?q=...) must not leave that name in the server's logs. Tokens in the path
# (calendar, feedback and rater links, password-reset keys) are shown as placeholders (warp/core/accesslog.py).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def site_url_for(host: str, port: int) -> str:
    """The address links in emails use, when SITE_URL is not set: the one the server was asked to serve."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding
        host = "127.0.0.1"  # every address: set SITE_URL to the one people use (README "Configuration")
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _start_task_worker() -> None:
    """`warp manage db_worker` beside the server, sending emails and running imports. It shares the
    terminal (Ctrl+C stops both) and, on Linux, is told to stop when the server it was started beside does."""
    import subprocess

    def stop_with_parent() -> None:  # runs in the child before it starts the worker
        try:
            import ctypes
            import signal

            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # not Linux: Ctrl+C or the service manager stops it
            pass

    worker = [sys.executable, "-m", "warp.cli", "manage", "db_worker"]
    subprocess.Popen(worker, preexec_fn=stop_with_parent)  # noqa: S603, PLW1509 - fixed arguments, no shell


def cmd_serve(args: argparse.Namespace) -> int:
    # Before settings are read, so the app and its task worker both see it.
    os.environ.setdefault("SITE_URL", site_url_for(args.host, args.port))
    if not _ready_or_say_so():
        return 2
    from django.conf import settings

    from warp.demo import demo_exists, print_logins

    if args.demo and not demo_exists():
        if not demo_allowed():
            print(DEMO_REFUSED)
            return 2
        print("Building the demo centre (first run only)...", flush=True)
        from warp.demo import build

        build()
    if demo_exists():
        print_logins()
    bind = f"{args.host}:{args.port}"
    immediate = settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    if args.worker and not immediate:
        _start_task_worker()
        worker_note = "with a task worker for emails and imports"
    else:
        worker_note = (
            "tasks run in the request" if immediate else "no task worker: run `warp manage db_worker`"
        )
    print(f"\nWaRP is running at http://{bind}/ ({worker_note}; press Ctrl+C to stop)\n", flush=True)
    gunicorn = [sys.executable, "-m", "gunicorn", "warp.wsgi:application", "--bind", bind]
    gunicorn += ["--workers", str(args.workers), "--access-logfile", "-", "--timeout", "120"]
    gunicorn += [
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--logger-class",
        "warp.core.accesslog.AccessLogger",
    ]
    sys.stdout.flush()
    # Become gunicorn, so stopping `warp serve` (Ctrl+C, kill, a service manager) stops the server itself.
    os.execv(sys.executable, gunicorn)  # noqa: S606 - fixed argument list, no shell
    return 0  # not reached


def cmd_demo(args: argparse.Namespace) -> int:
    if not _ready_or_say_so():
        return 2
    from warp.demo import build, demo_exists, print_logins

    if not demo_allowed():
        print(DEMO_REFUSED)
        return 2
    if demo_exists() and not args.reset:
        if getattr(args, "network", False):
            from warp.demo.network import build_hub

            print(build_hub())
            print_logins()
            return 0
        print("The demo centre is already here. Use --reset to wipe this database and build it again.")
        print_logins()
        return 0
    build(reset=args.reset)
    print_logins()
    return 0


# What `warp import KIND` takes, before Django is set up; warp/importers.py holds each one's importer and
# columns (a test checks the two name the same kinds). warp.core.imports only reads files and runs the
# importer it is given.
IMPORT_KINDS = (
    "feedback",
    "reviews",
    "students",
    "runs",
    "attendance",
    "plans",
    "workshops",
    "review-codes",
    "unit-costs",
    "service-use",
    "measures",
)


def importer_for(kind: str) -> "Importer":
    """The importer for `warp import KIND` (imported once Django is set up: the importers use models)."""
    from warp.importers import IMPORTS

    return IMPORTS[kind].run


def cmd_import(args: argparse.Namespace) -> int:
    if not _ready_or_say_so():
        return 2
    from warp.core.imports import run_import_cli

    return run_import_cli(
        importer=importer_for(args.kind),
        path=args.file,
        dry_run=args.dry_run,
        import_valid_rows=args.import_valid_rows,
    )


def cmd_report(args: argparse.Namespace) -> int:
    if not _ready_or_say_so():
        return 2
    from datetime import date

    if args.name == "partnership":
        return _report_partnership(args)
    if args.format == "docx" or args.edition is not None:
        print("--edition and --format docx are for the partnership report only.")
        return 2
    if not args.start or not args.end:
        print("Give the period with --start and --end, for example --start 2025-09-01 --end 2026-08-31.")
        return 2
    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        print("Give --start and --end as YYYY-MM-DD, for example --start 2025-09-01 --end 2026-08-31.")
        return 2
    if start > end:
        print("--start must be on or before --end.")
        return 2
    if args.name == "outcomes":
        from warp.measures.cli import write_outcomes_report

        if not args.instrument:
            print("The outcomes report is for one questionnaire: add --instrument CODE.")
            return 2
        return write_outcomes_report(
            code=args.instrument,
            start=start,
            end=end,
            fmt=args.format,
            output=args.output,
            suppress=args.suppress,
        )
    if args.name == "network":
        from warp.network.cli import write_report as write_network_report

        return write_network_report(start=start, end=end, fmt=args.format, output=args.output)
    from warp.evaluation.cli import write_report, write_service_use_report

    write = write_service_use_report if args.name == "service-use" else write_report
    return write(start=start, end=end, fmt=args.format, output=args.output, suppress=args.suppress)


def _report_partnership(args: argparse.Namespace) -> int:
    """`warp report partnership`: an edition by --edition, or a quick draft of every section by --start/--end."""
    from datetime import date

    from warp.partnership.cli import write_report as write_partnership_report

    if args.format not in ("html", "pdf", "docx"):
        print("The partnership report is written as html, pdf or docx: use --format html, pdf or docx.")
        return 2
    if args.suppress:
        print("The partnership report has versions instead: use --version commissioner (or public).")
        return 2
    start = end = None
    if args.edition is None:
        if not args.start or not args.end:
            print("Give --edition ID for an edition, or --start and --end (YYYY-MM-DD) for a quick draft.")
            return 2
        try:
            start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
        except ValueError:
            print("Give --start and --end as YYYY-MM-DD, for example --start 2025-04-01 --end 2027-03-31.")
            return 2
        if start > end:
            print("--start must be on or before --end.")
            return 2
    elif args.start or args.end:
        print("An edition has its own period: give --edition ID or --start and --end, not both.")
        return 2
    return write_partnership_report(
        edition_id=args.edition,
        start=start,
        end=end,
        fmt=args.format,
        output=args.output,
        version=args.version,
    )


def cmd_network(args: argparse.Namespace) -> int:
    if not _ready_or_say_so():
        return 2
    from warp.network.cli import run

    return run(args)


def cmd_api(args: argparse.Namespace) -> int:
    if not _ready_or_say_so():
        return 2
    from warp.api.cli import token_create

    return token_create(email=args.user, name=args.name, days=args.days)


def cmd_measures(args: argparse.Namespace) -> int:
    if not _ready_or_say_so():
        return 2
    from warp.measures.cli import load_instrument

    return load_instrument(args.file)


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("backup", output=args.file)
    except CommandError as error:
        print(error)
        return 2
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("restore", input=args.file, yes=args.yes)
    except CommandError as error:
        print(error)
        return 2
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warp.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["warp manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warp",
        description="WaRP: run a Recovery Education Centre. Settings come from the environment (README).",
        epilog="First `warp migrate`, then `warp serve`. `warp COMMAND --help` gives each command's options.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    migrate = sub.add_parser(
        "migrate",
        help="create or update the database and collect the static files (before serve, after upgrades)",
    )
    migrate.add_argument("--verbose", action="store_true", help="name each migration as it is applied")
    migrate.set_defaults(func=cmd_migrate)

    serve = sub.add_parser(
        "serve", help="serve the app with gunicorn and a task worker beside it (after `warp migrate`)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="build the demo centre first if the database is empty (SQLite only, unless WARP_ALLOW_DEMO=true)",
    )
    serve.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="do not start the task worker (`warp manage db_worker`): for servers whose workers run apart",
    )
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser(
        "demo",
        help="build the synthetic demo centre, invented people only (SQLite only, unless WARP_ALLOW_DEMO)",
    )
    demo.add_argument("--reset", action="store_true", help="wipe this database first (asks nothing!)")
    demo.add_argument(
        "--network",
        action="store_true",
        help="also make this a network hub with three invented member centres",
    )
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser("import", help="import records from a CSV or XLSX file")
    imp.add_argument("kind", choices=IMPORT_KINDS, help="what the file holds")
    imp.add_argument("file", help="path to a .csv or .xlsx file")
    imp.add_argument("--dry-run", action="store_true", help="check every row and report, but save nothing")
    imp.add_argument(
        "--import-valid-rows",
        action="store_true",
        help="when some rows have errors, import the valid ones anyway (default: import nothing)",
    )
    imp.set_defaults(func=cmd_import)

    report = sub.add_parser(
        "report", help="write a report (evaluation, outcomes, service-use, network) as html, csv, json or pdf"
    )
    report.add_argument(
        "name",
        choices=["evaluation", "outcomes", "service-use", "network", "partnership"],
        help="which report",
    )
    report.add_argument("--instrument", help="outcomes only: the questionnaire's code")
    report.add_argument("--start", help="first day of the period, YYYY-MM-DD")
    report.add_argument("--end", help="last day of the period, YYYY-MM-DD")
    report.add_argument("--format", choices=["html", "csv", "json", "pdf", "docx"], default="html")
    report.add_argument("--output", help="file to write (default: standard output; required for pdf)")
    report.add_argument(
        "--suppress", action="store_true", help="apply small-number suppression, as commissioners see it"
    )
    report.add_argument(
        "--edition", type=int, help="partnership only: the edition's number (instead of a period)"
    )
    report.add_argument(
        "--version",
        choices=["full", "commissioner", "public"],
        default="full",
        help="partnership only: full, or with small numbers withheld for commissioners or the public",
    )
    report.set_defaults(func=cmd_report)

    from warp.network.cli import add_parser as add_network_parser

    add_network_parser(sub).set_defaults(func=cmd_network)
    api = sub.add_parser("api", help="the read-only API: make a token (`warp api token create --help`)")
    api_sub = api.add_subparsers(dest="api_command", required=True, metavar="{token}")
    token = api_sub.add_parser("token", help="API tokens").add_subparsers(
        dest="token_command", required=True, metavar="{create}"
    )
    create = token.add_parser("create", help="make a token acting as an account; printed once, last line")
    create.add_argument("--user", required=True, help="the email address of the account it acts as")
    create.add_argument("--name", required=True, help="what it is for, for example 'Power BI dashboard'")
    create.add_argument("--days", type=int, default=90, help="days until it stops working (default 90)")
    create.set_defaults(func=cmd_api)
    measures = sub.add_parser("measures", help="outcome questionnaires: load one from a JSON file")
    measures.add_argument("action", choices=["load"], help="load: create or update a questionnaire")
    measures.add_argument("file", help="the questionnaire as JSON (README, Outcome questionnaires)")
    measures.set_defaults(func=cmd_measures)

    backup = sub.add_parser(
        "backup", help="copy the whole database to FILE while WaRP runs (SQLite file or pg_dump/JSON)"
    )
    backup.add_argument("file", help="the backup file to write (mode 600)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore", help="replace everything in the database with a backup FILE (stop the app first)"
    )
    restore.add_argument("file", help="a file made by `warp backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_restore)

    manage = sub.add_parser(
        "manage", help="run any Django management command (e.g. db_worker, retention)", add_help=False
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER, help="the command and its arguments")
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
