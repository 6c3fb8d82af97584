"""A partnership lead picks a quote from the quote library for a report, tags it, and finds it picked."""

from datetime import date

import pytest

from tests.personas import make_personas
from warp.impact import services as impact
from warp.quotes.models import QuotePick, QuoteTag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_partnership_lead_picks_a_quote_from_the_library(open_tab):
    people = make_personas()
    workshop = impact.workshop_create(
        held_on=date(2026, 4, 29), service="Persistent Pain Service", locality="Poole"
    )
    hope = impact.workshop_theme_create(name="Hope")
    chosen = impact.workshop_comment_add(
        workshop=workshop,
        theme=hope,
        text="I left thinking about what I can still do.",
        perspective="uses_services",
        quote_consent=True,
    )
    impact.workshop_comment_add(
        workshop=workshop,
        theme=hope,
        text="Well paced, with time to think.",
        perspective="staff",
        quote_consent=True,
    )
    impact.workshop_comment_add(workshop=workshop, theme=hope, text="Not for quoting.", quote_consent=False)

    tab = open_tab()
    page = tab.page
    tab.sign_in(people["partnership_lead"].email)
    tab.axe()
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_text("Feedback and reports").click()  # the group opens (a <details>, no JavaScript needed)
    menu.get_by_role("link", name="Quote library").click()
    tab.arrive("Quote library")
    main = page.locator("main")
    assert "2 quotes." in main.inner_text()
    assert "Not for quoting." not in main.inner_text()
    quote = page.locator("li.warp-library-quote").filter(has_text="what I can still do")
    assert (
        "A person who uses the service, 29 April 2026. A co-production workshop with Persistent Pain Service."
        in (quote.inner_text())
    )

    quote.get_by_role("button", name="Pick for a report").click()
    tab.arrive("Quote library")
    assert "The quote is picked for reports." in page.locator(".warp-message").inner_text()
    quote = page.locator("li.warp-library-quote").filter(has_text="what I can still do")
    assert "Picked" in quote.inner_text()

    quote.get_by_role("link", name="Tags").click()
    tab.arrive("Tags for a quote")
    page.get_by_label("Tags").fill("hope, co-production")
    page.get_by_role("button", name="Save the tags").click()
    tab.arrive("Quote library")

    page.get_by_role("link", name="Quotes picked for reports").click()
    tab.arrive("Quotes picked for reports")
    picked = page.locator("main").inner_text()
    assert "what I can still do" in picked and "Tags: co-production, hope." in picked
    assert "time to think" not in picked
    assert QuotePick.objects.filter(
        source="coproduction", ref=chosen.pk, picked_by=people["partnership_lead"]
    ).exists()
    assert set(QuoteTag.objects.values_list("name", flat=True)) == {"hope", "co-production"}
