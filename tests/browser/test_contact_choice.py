"""A student who replied STOP to a text chooses texts again on "How we contact you"."""

import pytest

from tests.browser.factories import build_centre
from warp.bookings.services import text_reply_receive
from warp.students.models import ContactMethod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_student_who_replied_stop_chooses_texts_again(open_tab):
    centre = build_centre()
    sam = centre.sam
    sam.contact_method, sam.phone = ContactMethod.TEXT, "07700 900123"
    sam.save(update_fields=["contact_method", "phone"])  # their choice at registration
    assert text_reply_receive(from_number="447700900123", text="STOP") == 1
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["student"].email, code_secret=None)
    tab.axe()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Your record").click()
    tab.arrive("Your record")
    page.get_by_role("link", name="Change how we contact you").click()
    tab.arrive("How we contact you")
    assert "You replied STOP to one of our texts" in page.locator("main").inner_text()
    page.get_by_label("Your phone number").fill("")
    page.get_by_role("button", name="Save how we contact you").click()
    tab.arrive("How we contact you")
    assert "Enter your phone number" in page.locator(".nhsuk-error-summary").inner_text()
    page.get_by_label("Your phone number").fill("07700 900123")
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Save how we contact you").click()
    tab.arrive("Your record")
    sam.refresh_from_db()
    assert sam.texts_stopped_at is None and sam.contact_method == ContactMethod.TEXT
