"""Course runs and registers, on a phone: cancelling with a reason, a series of sessions, a register with
"Mark everyone present" and a student who turns up (issue 14)."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import _student, build_centre
from warp.bookings.models import Attendance, Booking, BookingStatus, Mark
from warp.prospectus import services as prospectus
from warp.prospectus.models import Course, RunStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_manager_cancels_a_booked_run_with_a_reason_on_a_phone(open_tab):
    centre = build_centre()
    run = centre.full_run  # Ana Moss has its one place
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    tab.goto(f"/prospectus/manage/runs/{run.pk}/")
    tab.arrive("Recovery Narratives, Spring term")
    page.get_by_role("link", name="Cancel this course run").click()
    tab.arrive("Cancel Recovery Narratives, Spring term?")
    _fits(page)
    assert "1 person is booked, offered a place or waiting" in page.content()
    page.get_by_role("button", name="Yes, cancel this course run").click()
    tab.arrive("Cancel Recovery Narratives, Spring term?")
    assert page.get_by_role("link", name=re.compile("Enter the reason for cancelling")).is_visible()
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    page.get_by_label("Why is this course run cancelled?").fill("The venue is closed for repairs.")
    page.get_by_role("button", name="Yes, cancel this course run").click()
    tab.arrive("Recovery Narratives, Spring term")
    assert "1 person is being told." in page.locator(".warp-message").first.inner_text()
    assert page.get_by_role("button", name="Publish").count() == 0
    assert Booking.objects.get(course_run=run).status == BookingStatus.CANCELLED
    assert any("The venue is closed for repairs." in m.body for m in mail.outbox)


def test_manager_adds_a_weekly_series_of_sessions(open_tab):
    centre = build_centre()
    manager = centre.people["centre_manager"]
    course = Course.objects.get(title="Peer Support Toolkit")
    run = prospectus.course_run_create(by=manager, course=course, term=centre.term, places=12)
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(manager.email)
    tab.axe()
    tab.goto(f"/prospectus/manage/runs/{run.pk}/")
    tab.arrive("Peer Support Toolkit, Spring term")
    page.get_by_role("link", name="Add several sessions (for example weekly)").click()
    tab.arrive("Add several sessions: Peer Support Toolkit")
    _fits(page)
    first = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Date of the first session").fill(first.isoformat())
    page.get_by_role("radio", name="Every week").check()
    page.get_by_label("How many sessions").fill("6")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Venue").select_option(label=str(centre.venue))
    page.get_by_role("button", name="Add the sessions").click()
    tab.arrive("Peer Support Toolkit, Spring term")
    assert "6 sessions added" in page.locator(".warp-message").first.inner_text()
    # Understanding Depression and Anxiety meets at the same venue and time on three of these days.
    assert "The Quay Centre is also used by Understanding Depression and Anxiety" in page.content()
    assert list(run.sessions.values_list("date", flat=True)) == [first + timedelta(weeks=n) for n in range(6)]
    assert set(run.sessions.values_list("starts_at", flat=True)) == {time(10, 0)}


def test_trainer_marks_everyone_present_then_adds_a_student_who_turned_up(open_tab):
    centre = build_centre()
    dee = _student("Dee", "Walker", tutor=centre.people["admissions_tutor"])
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["peer_trainer"].email)
    tab.arrive("Your sessions")
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_role(
        "link", name=re.compile(f"Peer Support Toolkit.*register for {yesterday.day} {yesterday:%B}")
    ).click()
    tab.arrive("Register: Peer Support Toolkit")
    page.get_by_role("group", name="Ben Hart").get_by_role("radio", name="Sent apologies").check()
    page.get_by_role("button", name="Mark everyone present").click()
    tab.arrive("Register: Peer Support Toolkit")
    _fits(page)
    assert "Register saved (4 marks changed)." in page.locator(".warp-message").inner_text()
    assert page.get_by_role("group", name="Cy Lowe").get_by_role("radio", name="Present").is_checked()
    page.get_by_role("link", name="Add a student who has turned up").click()
    tab.arrive("Add a student who has turned up")
    _fits(page)
    page.get_by_label("Their registration number").fill(dee.registration_number)
    page.get_by_label("Their last name").fill(dee.last_name)
    page.get_by_role("button", name="Add and mark present").click()
    tab.arrive("Register: Peer Support Toolkit")
    assert "Dee Walker is given a place and marked present." in page.locator(".warp-message").inner_text()
    assert page.get_by_role("group", name="Dee Walker").get_by_role("radio", name="Present").is_checked()
    marks = {
        a.booking.student.full_name: a.mark for a in Attendance.objects.select_related("booking__student")
    }
    assert marks == {
        "Sam Rivers": Mark.PRESENT,
        "Ana Moss": Mark.PRESENT,
        "Ben Hart": Mark.APOLOGIES,
        "Cy Lowe": Mark.PRESENT,
        "Dee Walker": Mark.PRESENT,
    }
