"""What people typed shows as text in the browser, never as markup: the student list, a record's "who has
looked", a register and the teams lists are written by templates (issue 15), and the browser is where an
escaping mistake would do harm, so these checks read the page as Chromium built it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre
from warp.audit import services as audit
from warp.bookings.services import booking_create
from warp.students.services import learning_plan_agree, student_register
from warp.teams.models import TeamKind
from warp.teams.services import team_create, trip_round_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST = '<img src="x" id="typed-image">'
LAST = 'O\'Neil & <b id="typed-bold">Co</b>'
TEAM = '<i id="typed-italic">Ward</i> & Co'


def _no_typed_elements(page) -> None:
    assert page.locator("#typed-image, #typed-bold, #typed-italic").count() == 0


def test_names_people_typed_show_as_text_on_lists_records_and_registers(open_tab):
    centre = build_centre()
    tutor = centre.people["admissions_tutor"]
    student = student_register(
        first_name=FIRST,
        last_name=LAST,
        date_of_birth=date(1981, 3, 4),
        postcode="BH15 2AA",
        email="typed.name@example.org",
        consent_to_hold_data=True,
    )
    learning_plan_agree(student=student, agreed_by=tutor, hopes_and_goals="To learn.")
    booking_create(student=student, course_run=centre.finished_run, by=None)
    audit.record(user=tutor, action="view", obj=student, note="<script>note</script>")

    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(tutor.email)
    tab.axe()
    tab.goto("/students/?q=O%27Neil")
    tab.arrive("Students")
    link = page.get_by_role("link", name=f"{LAST}, {FIRST}")
    assert link.count() == 1
    _no_typed_elements(page)
    link.click()
    tab.arrive(f"{FIRST} {LAST}")
    looked = page.locator("table").filter(has_text="When").inner_text()
    assert "(<script>note</script>)" in looked and "Viewed the student record" in looked
    _no_typed_elements(page)
    tab.sign_out()
    tab.axe()

    tab.sign_in(centre.people["peer_trainer"].email)
    tab.axe()
    yesterday = centre.finished_run.sessions.get(date=timezone.localdate() - timedelta(days=1))
    tab.goto(f"/bookings/sessions/{yesterday.pk}/register/")
    tab.arrive("Register: Peer Support Toolkit")
    assert page.get_by_role("group", name=f"{FIRST} {LAST}").get_by_role("radio").count() == 3
    _no_typed_elements(page)


def test_team_names_show_as_text_on_the_teams_lists(open_tab):
    centre = build_centre()
    lead = centre.people["team_lead"]
    team = team_create(name=TEAM, kind=TeamKind.COMMUNITY_TEAM, locality="Poole", leads=[lead])
    today = timezone.localdate()
    trip_round_create(
        team=team, held_on=today - timedelta(days=100), next_review_on=today - timedelta(days=9)
    )

    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(lead.email)
    tab.axe()
    tab.goto("/teams/")
    tab.arrive("Your teams")
    assert page.get_by_role("link", name=TEAM).count() == 1
    _no_typed_elements(page)
    tab.goto("/teams/reviews-due/")
    tab.arrive("TRIP reviews due")
    assert page.get_by_role("link", name=TEAM).count() == 1
    _no_typed_elements(page)
