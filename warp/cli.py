"""The `warp` command: serve, demo, import, report, and any Django management command.

warp serve [--host H] [--port P] [--demo]
warp demo [--reset]
warp import students FILE [--dry-run] [--import-valid-rows]
warp backup FILE
warp restore FILE [--yes]
warp manage <django command> [args...]
"""

import argparse
import os
import sys


def _setup_django(*, migrate: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warp.settings")
    import django

    django.setup()
    if migrate:
        # Bring a new or older database up to date first, so no command fails on a missing table.
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


# The access log names the path but never the query string or the referring page: a staff search for a
# student's name (/students/?q=...) must not leave that name in the server's logs.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    from warp.core.kept import forget_all
    from warp.demo import demo_exists, print_logins

    call_command("migrate", interactive=False, verbosity=0)
    forget_all()  # reports kept by the code that ran before this start, which may have changed since
    if args.demo and not demo_exists():
        print("Building the demo centre (first run only)...", flush=True)
        from warp.demo import build

        build()
    if demo_exists():
        print_logins()
    call_command("collectstatic", interactive=False, verbosity=0)
    bind = f"{args.host}:{args.port}"
    print(f"\nWaRP is running at http://{bind}/  (press Ctrl+C to stop)\n", flush=True)
    gunicorn = [sys.executable, "-m", "gunicorn", "warp.wsgi:application", "--bind", bind]
    gunicorn += ["--workers", str(args.workers), "--access-logfile", "-", "--timeout", "120"]
    gunicorn += ["--access-logformat", ACCESS_LOG_FORMAT]
    sys.stdout.flush()
    # Become gunicorn, so stopping `warp serve` (Ctrl+C, kill, a service manager) stops the server itself.
    os.execv(sys.executable, gunicorn)  # noqa: S606 - fixed argument list, no shell
    return 0  # not reached


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    from warp.demo import build, demo_exists, print_logins

    call_command("migrate", interactive=False, verbosity=0)
    if demo_exists() and not args.reset:
        print("The demo centre is already here. Use --reset to wipe this database and build it again.")
        print_logins()
        return 0
    build(reset=args.reset)
    print_logins()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _setup_django(migrate=True)
    from warp.core.imports import run_import_cli

    return run_import_cli(
        kind=args.kind, path=args.file, dry_run=args.dry_run, import_valid_rows=args.import_valid_rows
    )


def cmd_report(args: argparse.Namespace) -> int:
    _setup_django(migrate=True)
    from datetime import date

    from warp.evaluation.cli import write_report

    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        print("Give --start and --end as YYYY-MM-DD, for example --start 2025-09-01 --end 2026-08-31.")
        return 2
    if start > end:
        print("--start must be on or before --end.")
        return 2
    return write_report(start=start, end=end, fmt=args.format, output=args.output, suppress=args.suppress)


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
    from warp.core.imports import IMPORTERS

    parser = argparse.ArgumentParser(
        prog="warp", description="WaRP: run a Recovery Education Centre. Settings come from the environment."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="migrate, collect static files and serve the app with gunicorn")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    serve.add_argument(
        "--demo", action="store_true", help="build the demo centre first if the database is empty"
    )
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="build the synthetic demo centre (invented people only)")
    demo.add_argument("--reset", action="store_true", help="wipe this database first (asks nothing!)")
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser("import", help="import records from a CSV or XLSX file")
    imp.add_argument("kind", choices=sorted(IMPORTERS), help="what the file holds")
    imp.add_argument("file", help="path to a .csv or .xlsx file")
    imp.add_argument("--dry-run", action="store_true", help="check every row and report, but save nothing")
    imp.add_argument(
        "--import-valid-rows",
        action="store_true",
        help="when some rows have errors, import the valid ones anyway (default: import nothing)",
    )
    imp.set_defaults(func=cmd_import)

    report = sub.add_parser("report", help="write a report (evaluation) as html, csv, json or pdf")
    report.add_argument("name", choices=["evaluation"], help="which report")
    report.add_argument("--start", required=True, help="first day of the period, YYYY-MM-DD")
    report.add_argument("--end", required=True, help="last day of the period, YYYY-MM-DD")
    report.add_argument("--format", choices=["html", "csv", "json", "pdf"], default="html")
    report.add_argument("--output", help="file to write (default: standard output; required for pdf)")
    report.add_argument(
        "--suppress", action="store_true", help="apply small-number suppression, as commissioners see it"
    )
    report.set_defaults(func=cmd_report)

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

    manage = sub.add_parser("manage", help="run any Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER, help="the command and its arguments")
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
