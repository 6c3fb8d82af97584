"""A centre manager reads every email WaRP sends and writes to a run's students, on a phone (issue 14:
a preview of every template, a message to everyone on a run and a log of what was sent to whom)."""

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
    # The email (h2), and the text message sent instead to those who chose texts (h3).
    assert page.get_by_role("heading", name="A place is offered", level=2).is_visible()
    assert page.get_by_role("heading", name="A place is offered", level=3).is_visible()
    assert "Subject: A place is free for you on Understanding Recovery" in page.locator("main").inner_text()


def test_a_manager_writes_to_everyone_on_a_run_and_sees_who_it_went_to(open_tab):
    centre = build_centre()
    run = centre.finished_run  # Sam, Ana, Ben and Cy are booked on it
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    tab.goto(f"/prospectus/manage/runs/{run.pk}/")
    tab.arrive("Peer Support Toolkit, Spring term")
    page.get_by_role("link", name="Message the students on this course run").click()
    tab.arrive("Message the students: Peer Support Toolkit")
    page.get_by_role("button", name="Send the message").click()
    tab.arrive("Message the students: Peer Support Toolkit")
    assert page.get_by_role("link", name="Enter a subject, so people know what the message is about.").count()
    page.get_by_label("Subject").fill("Certificates are ready")
    page.get_by_label("Message").fill("Your certificates are at the front desk.")
    page.get_by_role("button", name="Send the message").click()
    tab.arrive("Message the students: Peer Support Toolkit")
    assert "Message sent to 4 people" in page.locator(".warp-message").first.inner_text()
    page.get_by_text("Who it went to (4)").click()
    assert page.get_by_text("Ana Moss:").is_visible()
