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
