"""On a phone, the partnership lead starts an edition of the partnership report, orders its sections with
number boxes, writes the foreword, reads the report and publishes it."""

import pytest

from tests.personas import make_personas
from warp.partnership.models import Edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_partnership_lead_writes_and_publishes_an_edition_on_a_phone(open_tab):
    people = make_personas()
    tab = open_tab(viewport={"width": 375, "height": 667})
    page = tab.page
    tab.sign_in(people["partnership_lead"].email)
    tab.axe()
    tab.goto("/partnership/")
    tab.arrive("Partnership report")
    page.get_by_role("link", name="Start a new edition").click()
    tab.arrive("Start a new edition")

    page.get_by_label("Title").fill("Our two years")
    page.get_by_label("First day of the period").fill("2025-04-01")
    page.get_by_label("Last day of the period").fill("2027-03-31")
    for box in page.locator("input[name^='place_']").all():
        box.fill("")
    page.get_by_label("Foreword: place in the report").fill("1")
    page.get_by_label("The college in numbers: place in the report").fill("2")
    page.get_by_label("Foreword: your words").fill("Thank you to everyone who learned with us.")
    page.get_by_role("button", name="Save the draft").click()

    tab.arrive("Our two years")
    main = page.locator("main").inner_text()
    assert "Thank you to everyone who learned with us." in main
    assert "The college in numbers" in main and "Students registered by the end of the period" in main
    assert "This is a draft" in main

    page.get_by_role("button", name="Publish this edition").click()
    tab.arrive("Our two years")
    assert "The edition is published." in page.locator("main").inner_text()
    assert Edition.objects.get().is_published
