"""A student browses, books, waits, cancels, takes their timetable to their phone, and gives feedback."""

import pytest

from tests.browser.factories import build_centre
from warp.bookings.models import Booking, BookingStatus
from warp.feedback.models import FeedbackResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _menu(page, name: str):
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def test_student_books_joins_a_waiting_list_cancels_and_downloads_their_calendar(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["student"].email, code_secret=None)
    tab.axe()

    # Browse: the prospectus filters without JavaScript-only widgets.
    _menu(page, "Prospectus")
    tab.arrive("Prospectus: Spring term")
    tab.screenshot("prospectus")
    page.get_by_label("Words").fill("anxiety")
    page.get_by_role("button", name="Show courses").click()
    tab.arrive("Prospectus: Spring term")
    assert "1 course matches your choices" in page.locator("#results").inner_text()
    page.get_by_role("link", name="Understanding Depression and Anxiety").click()
    tab.arrive("Understanding Depression and Anxiety")
    assert "There are 12 places left." in page.locator("main").inner_text()
    tab.screenshot("course-run")
    page.get_by_role("link", name="Book a place").click()
    tab.arrive("Book a place on Understanding Depression and Anxiety")
    page.get_by_role("button", name="Book a place").click()
    tab.arrive("Your bookings")
    assert (
        "You have a place on Understanding Depression and Anxiety"
        in page.locator(".warp-message").inner_text()
    )

    # A full run: the button offers the waiting list, and the portal shows the place in the queue.
    _menu(page, "Prospectus")
    tab.arrive("Prospectus: Spring term")
    page.get_by_role("link", name="Recovery Narratives").click()
    tab.arrive("Recovery Narratives")
    assert "This course run is full" in page.locator("main").inner_text()
    page.get_by_role("link", name="Join the waiting list").click()
    tab.arrive("Book a place on Recovery Narratives")
    page.get_by_role("button", name="Book a place").click()
    tab.arrive("Your bookings")
    assert (
        "Recovery Narratives is full, so you are on the waiting list"
        in page.locator(".warp-message").inner_text()
    )
    assert "On the waiting list: number 1 in the queue." in page.locator("main").inner_text()

    # Cancel the waiting-list place, saying why.
    page.get_by_role("link", name="Cancel Recovery Narratives").click()
    tab.arrive("Cancel your booking on Recovery Narratives")
    page.get_by_label("Would you like to tell us why?").fill("The time no longer suits me.")
    page.get_by_role("button", name="Cancel the booking").click()
    tab.arrive("Your bookings")
    assert "The booking on Recovery Narratives is cancelled." in page.locator(".warp-message").inner_text()
    assert (
        "Recovery Narratives (Spring term): The time no longer suits me." in page.locator("main").inner_text()
    )
    booking = Booking.objects.get(student=centre.sam, course_run=centre.full_run)
    assert booking.status == BookingStatus.CANCELLED

    tab.screenshot("student-bookings", full_page=True)  # before the feed: its address is random each run

    # The calendar feed: a private address a phone calendar can fetch without signing in.
    page.get_by_role("button", name="Make my calendar address").click()
    tab.arrive("Your bookings")
    address = page.locator(".warp-feed-url code").inner_text().strip()
    subscribe = page.get_by_role("link", name="Add it to the calendar on this device")
    assert subscribe.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
    copy = page.get_by_role("button", name="Copy the address")  # shown only when warp/copy.js runs
    copy.click()
    status = page.get_by_role("status").filter(has_text="address")
    assert "Address copied" in status.inner_text() or "address is selected" in status.inner_text()
    feed = page.context.request.get(address)
    assert feed.ok
    assert feed.headers["content-type"].startswith("text/calendar")
    ics = feed.text()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == 6  # three sessions of each run Sam has a place on
    assert "SUMMARY:Understanding Depression and Anxiety" in ics
    assert "Recovery Narratives" not in ics


def test_student_gives_feedback_on_a_finished_course(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["student"].email, code_secret=None)
    tab.axe()
    _menu(page, "Give feedback")
    tab.arrive("Give feedback")
    page.get_by_role("link", name="Peer Support Toolkit").click()
    tab.arrive("Feedback on Peer Support Toolkit")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("radio", name="5").check()
    page.get_by_label("What helped you?").fill("Practising listening in pairs.")
    page.get_by_label("You may quote my words").check()
    page.get_by_role("button", name="Send my feedback").click()
    tab.arrive("Give feedback")
    assert "Thank you for your feedback on Peer Support Toolkit" in page.locator(".warp-message").inner_text()
    assert "There is nothing waiting for your feedback" in page.locator("main").inner_text()
    response = FeedbackResponse.objects.get(student=centre.sam)
    assert response.would_attend_again == "yes"
    assert response.quote_consent
