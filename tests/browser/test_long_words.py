"""A long word nobody can break (a pasted link, a held-down key) stays inside a phone's width: the page
wraps it instead of scrolling sideways."""

import pytest

from tests.browser.factories import build_centre
from tests.outreach.factories import hold
from warp.teams.models import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_comment_with_one_long_word_still_fits_a_phone(open_tab):
    centre = build_centre()
    lead = centre.people["team_lead"]
    held = hold(Team.objects.get(name="Harbour Ward"), recorded_by=lead)
    tab = open_tab(viewport={"width": 375, "height": 800})
    page = tab.page
    tab.sign_in(lead.email)
    tab.arrive("Your teams")
    page.goto(tab.url(f"/outreach/workshops/{held.pk}/"))
    tab.arrive(held.workshop.title)
    page.get_by_label("What someone said about it").fill("https://example.org/" + "a" * 300)
    page.get_by_role("button", name="Add it").click()
    tab.arrive(held.workshop.title)  # fails when the page is wider than 375 px
    assert "example.org/aaaa" in page.locator("main").inner_text()
