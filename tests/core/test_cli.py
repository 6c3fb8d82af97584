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


def test_starting_the_server_forgets_reports_kept_by_the_code_before(db, monkeypatch):
    import os

    import django.core.management

    from warp.core.kept import EPOCH_KEY, token

    started = []
    monkeypatch.setattr(django.core.management, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    before = token(EPOCH_KEY)
    assert main(["serve", "--port", "8099"]) == 0
    assert started and "gunicorn" in started[0]
    assert token(EPOCH_KEY) != before
