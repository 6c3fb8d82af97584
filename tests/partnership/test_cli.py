"""`warp report partnership`: a quick draft of every section for a period, or an edition, as html (and pdf
and docx)."""

from datetime import date

import pytest

from tests.evaluation.factories import identity, student
from warp.cli import main
from warp.partnership import services
from warp.partnership.sections import COMPUTED_KEYS, SECTION_KEYS

pytestmark = pytest.mark.django_db


def test_a_quick_draft_holds_every_computed_section_and_no_narrative(tmp_path):
    for _ in range(9):
        student(registered_on=date(2025, 5, 1), identities=[identity("Carer")])
    out = tmp_path / "draft.html"

    code = main(
        ["report", "partnership", "--start", "2025-04-01", "--end", "2027-03-31", "--output", str(out)]
    )

    assert code == 0
    html = out.read_text(encoding="utf-8")
    for key in COMPUTED_KEYS:
        assert f'id="section-{key}"' in html
    assert 'id="section-foreword"' not in html
    assert "Students by self-selected identity" in html
    assert "From 1 April 2025 to 31 March 2027." in html


def test_an_edition_is_written_with_its_own_words_and_order(tmp_path):
    edition = services.edition_create(
        title="Our two years",
        start=date(2025, 4, 1),
        end=date(2027, 3, 31),
        sections=["foreword", "college", "recommendations"],
        words={"foreword": "Welcome to our report.", "college": "A note on numbers."},
    )
    out = tmp_path / "edition.html"

    assert main(["report", "partnership", "--edition", str(edition.pk), "--output", str(out)]) == 0

    html = out.read_text(encoding="utf-8")
    assert "Our two years" in html
    assert html.index("Welcome to our report.") < html.index("A note on numbers.")
    assert 'id="section-evaluation"' not in html
    assert 'id="section-recommendations"' not in html  # no words written for it


def test_the_commissioners_version_says_so(tmp_path, capsys):
    code = main(
        ["report", "partnership", "--start", "2025-04-01", "--end", "2027-03-31", "--version", "commissioner"]
    )
    assert code == 0
    assert "numbers from 1 to 7 are shown as *" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--end", "2027-03-31"], "Give --edition ID"),
        (["--start", "2027-04-01", "--end", "2027-03-31"], "--start must be on or before --end"),
        (["--start", "1 April", "--end", "2027-03-31"], "YYYY-MM-DD"),
        (["--edition", "999"], "There is no report edition 999"),
        (["--edition", "1", "--start", "2025-04-01"], "not both"),
        (["--start", "2025-04-01", "--end", "2027-03-31", "--format", "csv"], "html, pdf or docx"),
        (["--start", "2025-04-01", "--end", "2027-03-31", "--format", "pdf"], "--output report.pdf"),
        (["--start", "2025-04-01", "--end", "2027-03-31", "--suppress"], "use --version commissioner"),
    ],
)
def test_a_wrong_command_says_what_to_do(argv, says, capsys):
    assert main(["report", "partnership", *argv]) == 2
    assert says in capsys.readouterr().out


def test_other_reports_still_need_their_period(capsys):
    assert main(["report", "evaluation", "--start", "2025-04-01"]) == 2
    assert "--start and --end" in capsys.readouterr().out


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK")])
def test_the_draft_is_written_as_pdf_and_word(fmt, magic, tmp_path):
    out = tmp_path / f"draft.{fmt}"
    argv = ["report", "partnership", "--start", "2025-04-01", "--end", "2027-03-31", "--format", fmt]
    assert main([*argv, "--output", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_every_section_has_a_title_and_a_builder():
    assert len(SECTION_KEYS) == len(set(SECTION_KEYS))
