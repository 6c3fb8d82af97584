"""A centre manager reads every email WaRP sends, on a phone (issue 14: a preview of every template)."""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_manager_reads_the_emails_we_send_on_a_phone(open_tab):
    centre = build_centre()
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    tab.goto("/bookings/emails/")
    tab.arrive("The emails WaRP sends")
    assert page.get_by_role("heading", name="A place is offered").is_visible()
    assert "Subject: A place is free for you on Understanding Recovery" in page.locator("main").inner_text()
