"""An admissions tutor keeps a contact note for someone waiting to agree a learning plan, on a phone
(issue 14: contact notes and appointment dates on "Waiting for a plan")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import _student, build_centre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_tutor_keeps_a_note_and_a_meeting_date_for_someone_waiting(open_tab):
    centre = build_centre()
    tutor = centre.people["admissions_tutor"]
    _student("Eve", "Stone", tutor=tutor, active=False, phone="01202 000000")
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(tutor.email)
    tab.axe()
    tab.goto("/students/waiting-for-a-plan/")
    tab.arrive("Waiting for a learning plan")
    page.get_by_role("link", name="Keep a note about Eve Stone").click()
    tab.arrive("Contact notes: Eve Stone")
    page.get_by_role("button", name="Keep the note").click()
    tab.arrive("Contact notes: Eve Stone")
    assert page.get_by_role("link", name="Enter what happened, in a line").count() == 1
    meeting = timezone.localdate() + timedelta(days=5)
    page.get_by_label("What happened").fill("Phoned; meeting booked at the Quay Centre.")
    page.get_by_label("Meeting date, if arranged").fill(meeting.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Keep the note").click()
    tab.arrive("Waiting for a learning plan")
    row = page.get_by_role("row", name="Eve Stone")
    assert "Phoned; meeting booked at the Quay Centre." in row.inner_text()
    assert f"Meeting {meeting.day} {meeting:%b %Y}" in row.inner_text()
