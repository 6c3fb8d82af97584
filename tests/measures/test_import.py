"""`warp import measures FILE`: questionnaire history from CSV or XLSX, as a centre would bring it."""

import io

import pytest
from openpyxl import Workbook

from tests.factories import make_student
from tests.measures.factories import instrument_data, make_instrument
from warp.cli import main
from warp.measures.models import MeasureResponse, ResponseSource

pytestmark = pytest.mark.django_db

HEADER = "registration_number,instrument,completed_on,occasion,item_1,item_2,item_3,item_4,item_5\n"


@pytest.fixture
def people():
    make_instrument()
    make_instrument(
        code="short-check",
        name="Short Check",
        items=instrument_data()["items"][:2],
        reverse_items=[],
        conversion=None,
        clinical_cutoff=None,
    )
    return make_student(first_name="Ann"), make_student(first_name="Ben")


def _run(tmp_path, capsys, text: str, *flags: str) -> tuple[int, str]:
    path = tmp_path / "history.csv"
    path.write_text(text, encoding="utf-8")
    code = main(["import", "measures", str(path), *flags])
    return code, capsys.readouterr().out


def test_a_good_file_imports_every_response_scored_and_importing_it_again_changes_nothing(
    people, tmp_path, capsys
):
    ann, ben = people
    text = HEADER + (
        f"{ann.registration_number},calm-check,2025-01-10,baseline,2,4,2,2,\n"
        f"{ann.registration_number.lower()},CALM-CHECK,01/06/2025,follow-up,4,2,4,4,\n"
        f"{ben.registration_number},calm-check,2025-02-01,baseline,3,,3,3,\n"
        f"{ben.registration_number},short-check,2025-02-01,baseline,5,4,,,\n"
    )
    code, out = _run(tmp_path, capsys, text)
    assert code == 0, out
    rows = {
        (r.student_id, r.instrument.code, r.completed_on.isoformat(), r.occasion): (r.score, r.answers)
        for r in MeasureResponse.objects.select_related("instrument")
    }
    assert rows == {
        (ann.pk, "calm-check", "2025-01-10", "baseline"): (8.0, [2, 4, 2, 2]),
        (ann.pk, "calm-check", "2025-06-01", "follow-up"): (16.0, [4, 2, 4, 4]),
        (ben.pk, "calm-check", "2025-02-01", "baseline"): (None, [3, None, 3, 3]),  # incomplete: unscored
        (ben.pk, "short-check", "2025-02-01", "baseline"): (9.0, [5, 4]),
    }
    assert set(MeasureResponse.objects.values_list("source", flat=True)) == {ResponseSource.IMPORT}
    before = list(MeasureResponse.objects.order_by("pk").values())
    code, out = _run(tmp_path, capsys, text)
    assert code == 0 and "4 already here" in out
    assert list(MeasureResponse.objects.order_by("pk").values()) == before


def test_every_bad_row_is_reported_with_its_row_column_and_reason_and_nothing_is_imported(
    people, tmp_path, capsys
):
    ann, _ = people
    number = ann.registration_number
    text = HEADER + (
        f"{number},calm-check,2025-01-10,baseline,2,4,2,2,\n"  # row 2: good
        f"{number},calm-check,2025-01-11,baseline,2,9,2,2,\n"  # row 3: out of range
        f"REC-99999,calm-check,2025-01-12,baseline,2,4,2,2,\n"  # row 4: unknown student
        f"{number},no-such,2025-01-13,baseline,2,4,2,2,\n"  # row 5: unknown instrument
        f"{number},calm-check,2025-01-14,before,2,4,2,2,\n"  # row 6: bad occasion
        f"{number},calm-check,14th Jan,baseline,2,4,2,2,\n"  # row 7: bad date
        f"{number},calm-check,2025-01-15,baseline,2,4,2,2,3\n"  # row 8: an item beyond the instrument's
        f"{number},calm-check,2025-01-10,baseline,3,3,3,3,\n"  # row 9: the same response as row 2
    )
    code, out = _run(tmp_path, capsys, text)
    assert code == 1
    for expected in [
        "row 3, column item_2: '9' is not an answer: use a whole number from 1 to 5",
        "row 4, column registration_number: No student has the registration number 'REC-99999'",
        "row 5, column instrument: 'no-such' is not a questionnaire we know",
        "row 6, column occasion: 'before' is not an occasion. Write baseline or follow-up.",
        "row 7, column completed_on: '14th Jan' is not a date",
        "row 8, column item_5: Calm Check has 4 items; leave this column blank.",
        "row 9, column completed_on: This is the same response as row 2",
    ]:
        assert expected in out, out
    assert "--import-valid-rows" in out
    assert not MeasureResponse.objects.exists()
    code, out = _run(tmp_path, capsys, text, "--import-valid-rows")
    assert MeasureResponse.objects.count() == 1


def test_a_dry_run_checks_but_saves_nothing(people, tmp_path, capsys):
    ann, _ = people
    code, out = _run(
        tmp_path,
        capsys,
        HEADER + f"{ann.registration_number},calm-check,2025-01-10,baseline,2,4,2,2,\n",
        "--dry-run",
    )
    assert code == 0 and not MeasureResponse.objects.exists()


def test_an_xlsx_file_imports_the_same_way(people, tmp_path, capsys):
    ann, _ = people
    book = Workbook()
    sheet = book.active
    sheet.append(["registration_number", "instrument", "completed_on", "occasion", "item_1", "item_2"])
    sheet.append([ann.registration_number, "short-check", "2025-03-01", "follow-up", 2, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "history.xlsx"
    path.write_bytes(buffer.getvalue())
    assert main(["import", "measures", str(path)]) == 0
    assert MeasureResponse.objects.get().score == 5.0


def test_a_file_without_the_needed_columns_is_refused_saying_which(people, tmp_path, capsys):
    code, out = _run(tmp_path, capsys, "registration_number,instrument\nREC-1,calm-check\n")
    assert code == 2 and "missing these columns: completed_on, occasion" in out
