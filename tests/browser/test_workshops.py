"""A team lead records a skills workshop on their ward; a centre manager reads it in the evaluation report."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.factories import build_centre
from tests.outreach.factories import make_workshop
from warp.outreach.models import HeldWorkshop, WorkshopComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_team_lead_records_a_ward_workshop_and_a_manager_reads_the_workshops_section(open_tab):
    centre = build_centre()
    make_workshop("Introduction to Recovery", aims="What recovery can mean.")
    held_on = timezone.localdate() - timedelta(days=3)
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["team_lead"].email)
    tab.arrive("Your teams")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Skills workshops").click()
    tab.arrive("Skills workshops")
    page.get_by_role("link", name="Record a workshop").click()
    tab.arrive("Record a workshop")
    page.get_by_label("Ward or service").select_option(label="Harbour Ward")
    page.get_by_label("Workshop", exact=True).select_option(label="Introduction to Recovery")
    page.get_by_label("Date it was held").fill(held_on.isoformat())
    page.get_by_label("How long it lasted, in minutes").fill("60")
    page.get_by_label("How many people came").fill("8")
    page.get_by_role("button", name="Save").click()
    # Over 45 minutes: refused kindly, with everything typed still there.
    tab.arrive("Record a workshop")
    assert "at most 45 minutes" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.get_by_label("How many people came").input_value() == "8"
    page.get_by_label("How long it lasted, in minutes").fill("45")
    page.get_by_role("button", name="Save").click()
    tab.arrive("Introduction to Recovery")
    page.get_by_label("What someone said about it").fill("It gave me hope for the first time in weeks.")
    page.get_by_label("They agreed we may quote it, without their name").check()
    page.get_by_role("button", name="Add it").click()
    tab.arrive("Introduction to Recovery")
    held = HeldWorkshop.objects.get()
    assert (held.team.name, held.minutes, held.attendees) == ("Harbour Ward", 45, 8)
    assert WorkshopComment.objects.get().may_quote
    tab.sign_out()
    tab.axe()

    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    page.goto(tab.url("/reports/evaluation/"))
    tab.arrive("Evaluation report")
    section = page.locator("main").inner_text()
    assert "Recovery Skills Workshops" in section
    workshops = page.get_by_role("table", name="Workshops by ward or service")
    assert "Harbour Ward" in workshops.inner_text() and "8" in workshops.inner_text()
    page.goto(tab.url("/outreach/workshops/"))
    tab.arrive("Skills workshops")
    assert (
        "Harbour Ward"
        in page.get_by_role("table", name="Workshops by ward or service and month").inner_text()
    )
