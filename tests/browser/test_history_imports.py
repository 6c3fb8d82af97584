"""A centre manager brings the past registers in on a phone: the attendance import's dry-run preview, its
problems by row, column and reason, then the valid rows (issue 16, item 5)."""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre
from warp.bookings.models import Attendance
from warp.prospectus.run_imports import import_runs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
RUNS = (
    b"term,term_starts_on,term_ends_on,course,run,places,session_date,starts_at,ends_at,venue,"
    b"peer_trainer,professional_trainer\n"
    b"Pilot 2012,01/05/2012,31/07/2012,Recovery Narratives,,12,08/05/2012,10:00,12:00,,,\n"
    b"Pilot 2012,,,Recovery Narratives,,12,15/05/2012,10:00,12:00,,,\n"
)


def test_manager_checks_past_attendance_then_imports_the_valid_rows_on_a_phone(open_tab):
    centre = build_centre()
    assert import_runs(RUNS, "runs.csv", dry_run=False, import_valid_rows=False).saved
    sam = centre.sam.registration_number
    marks = (
        "registration_number,term,course,run,session_date,mark\n"
        f"{sam},Pilot 2012,Recovery Narratives,,2012-05-08,present\n"
        f"{sam},Pilot 2012,Recovery Narratives,,15/05/2012,apologies\n"
        f"{sam},Pilot 2012,Recovery Narratives,,22/05/2012,present\n"
    )
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    page.goto(tab.url("/imports/"))
    tab.arrive("Import templates")
    page.get_by_role("link", name="import past attendance here").click()
    tab.arrive("Import past attendance")
    tab.fits_phone()
    page.get_by_label("Spreadsheet of past attendance").set_input_files(
        files=[{"name": "registers.csv", "mimeType": "text/csv", "buffer": marks.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()

    tab.arrive("Check before importing")
    tab.fits_phone()
    problems = page.locator("#problems").inner_text()
    assert "4" in problems and "session_date" in problems and "had no session on 22/05/2012" in problems
    assert not Attendance.objects.exists()
    page.get_by_role("button", name="Import 2 new rows").click()
    tab.arrive("Check before importing")  # nothing saved without the tick; the page says what to do
    assert "Tick this box to import the 2 new rows without problems" in page.locator("main").inner_text()
    assert not Attendance.objects.exists()
    page.get_by_label("Import the rows without problems now, and leave out the rows with problems").check()
    page.get_by_role("button", name="Import 2 new rows").click()

    tab.arrive("Import finished")
    assert "2 new rows imported, 0 already here, 1 row left out" in page.locator("main").inner_text()
    assert sorted(Attendance.objects.values_list("mark", flat=True)) == ["apologies", "present"]
