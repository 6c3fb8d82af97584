import pytest

from warp.cli import build_parser, main


@pytest.mark.parametrize("command", ["serve", "demo", "import", "backup", "restore"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: warp " + command in capsys.readouterr().out


def test_import_of_a_missing_file_says_so(capsys, db):
    assert main(["import", "students", "/nonexistent/students.csv"]) == 2
    assert "There is no file at /nonexistent/students.csv" in capsys.readouterr().out


def test_manage_passes_through_to_django(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["manage", "check", "--help"])
    assert exit_info.value.code == 0
    assert "usage: warp manage check" in capsys.readouterr().out


def test_the_server_access_log_never_records_query_strings_or_referring_pages():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from warp.cli import ACCESS_LOG_FORMAT

    config = Config()
    config.set("access_log_format", ACCESS_LOG_FORMAT)
    search = "/students/?q=Ada+Example"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": search,
        "PATH_INFO": "/students/",
        "QUERY_STRING": "q=Ada+Example",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_REFERER": "https://rec.example.org" + search,
        "HTTP_USER_AGENT": "Example browser",
    }
    response = SimpleNamespace(status="200 OK", response_length=512, sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = Logger(config).atoms(response, request, environ, timedelta(milliseconds=12))
    line = ACCESS_LOG_FORMAT % atoms
    assert '"GET /students/ HTTP/1.1" 200' in line
    assert "Ada" not in line and "q=" not in line


def test_starting_the_server_keeps_the_reports_kept_before(db, monkeypatch):
    """Kept reports carry the code's version (warp/core/kept.py), so a start need not forget them."""
    import os

    import django.core.management

    from warp.core.kept import EPOCH_KEY, token

    started = []
    monkeypatch.setattr(django.core.management, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    before = token(EPOCH_KEY)
    assert main(["serve", "--port", "8099"]) == 0
    assert started and "gunicorn" in started[0]
    assert token(EPOCH_KEY) == before


def _logged_line(path: str) -> str:
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from warp.cli import ACCESS_LOG_FORMAT
    from warp.core.accesslog import AccessLogger

    config = Config()
    config.set("access_log_format", ACCESS_LOG_FORMAT)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
    }
    response = SimpleNamespace(status="200 OK", response_length=512, sent=512, headers=[])
    atoms = AccessLogger(config).atoms(
        response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3)
    )
    return ACCESS_LOG_FORMAT % atoms


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/bookings/calendar/Zq8kTokenA1b2C3d4.ics", "/bookings/calendar/<token>.ics"),
        ("/feedback/f/Zq8kTokenA1b2C3d4/", "/feedback/f/<token>/"),
        ("/teams/rate/Zq8kTokenA1b2C3d4/", "/teams/rate/<token>/"),
        ("/account/password/reset/key/3k-Zq8kTokenA1b2C3d4/", "/account/password/reset/key/<uidb36>-<key>/"),
        ("/account/password/reset/key/3k-set-password/", "/account/password/reset/key/<uidb36>-<key>/"),
    ],
)
def test_the_access_log_shows_secret_links_with_their_tokens_replaced(path, shown):
    line = _logged_line(path)
    assert f'"GET {shown} HTTP/1.1" 200' in line
    assert "Zq8kTokenA1b2C3d4" not in line and "3k-" not in line


def test_the_access_log_keeps_record_numbers_and_hides_what_matches_no_route():
    assert '"GET /students/42/ HTTP/1.1"' in _logged_line("/students/42/")
    assert '"GET /feedback/<unmatched> HTTP/1.1"' in _logged_line("/feedback/f/Zq8kTokenA1b2C3d4")
    assert "Zq8k" not in _logged_line("/feedback/f/Zq8kTokenA1b2C3d4")


def test_warp_serve_logs_through_the_access_logger_that_hides_tokens(db, monkeypatch):
    import os

    started = []
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    assert main(["serve", "--port", "8099", "--no-worker"]) == 0
    argv = started[0]
    assert argv[argv.index("--logger-class") + 1] == "warp.core.accesslog.AccessLogger"
