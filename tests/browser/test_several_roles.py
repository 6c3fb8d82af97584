"""One person, several roles: a professional trainer books a course as a student with the same sign-in,
then switches back and takes a register."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import _run, build_centre
from warp.accounts.models import Role, TrainerKind, User
from warp.bookings.models import Attendance, Booking, BookingStatus, Mark
from warp.students.services import learning_plan_agree, student_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _menu(page, name: str):
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_professional_trainer_books_as_a_student_then_switches_back_and_takes_a_register(open_tab):
    centre = build_centre()
    pro = centre.people["professional_trainer"]
    # She registered herself as a student (tests/accounts cover that page) and has a learning plan.
    own = student_register(
        first_name="Priya",
        last_name="Example",
        postcode="BH15 1AA",
        confirmed_over_18=True,
        email="priya.home@example.org",
        consent_to_hold_data=True,
        user=pro,
    )
    learning_plan_agree(
        student=own, agreed_by=centre.people["admissions_tutor"], hopes_and_goals="To learn as a student."
    )
    # A run she does not co-deliver, to attend as a student.
    colleague = User.objects.create_user(
        "lee.colleague@example.org",
        first_name="Lee",
        last_name="Colleague",
        role=Role.TRAINER,
        trainer_kind=TrainerKind.PROFESSIONAL,
    )
    _run(
        manager=centre.people["centre_manager"],
        term=centre.term,
        venue=centre.venue,
        title="Early Warning Signs",
        summary="Noticing the first signs, and what to do.",
        days=[9, 16],
        trainers=[centre.people["peer_trainer"], colleague],
    )

    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(pro.email)  # one sign-in, with her code: she holds a trainer role
    tab.arrive("Your sessions")
    switch = page.locator(".warp-acting")
    assert switch.locator("[aria-current]").inner_text() == "a trainer"
    assert switch.get_by_role("button", name="Switch to using WaRP as a student").is_visible()
    _fits_the_phone(page)
    tab.screenshot("acting-as-trainer")

    # Switch to acting as a student: the menu and the start page follow.
    switch.get_by_role("button", name="Switch to using WaRP as a student").click()
    tab.arrive("Your bookings")
    assert "You are now using WaRP as a student." in page.locator(".warp-message").inner_text()
    menu = page.get_by_role("navigation", name="Main menu").inner_text()
    assert "Your sessions" not in menu and "Prospectus" in menu
    _fits_the_phone(page)
    tab.screenshot("acting-as-student")
    _menu(page, "Prospectus")
    tab.arrive("Prospectus: Spring term")
    page.get_by_role("link", name="Early Warning Signs").click()
    tab.arrive("Early Warning Signs")
    page.get_by_role("link", name="Book a place").click()
    tab.arrive("Book a place on Early Warning Signs")
    page.get_by_role("button", name="Book a place").click()
    tab.arrive("Your bookings")
    assert "You have a place on Early Warning Signs" in page.locator(".warp-message").inner_text()
    booking = Booking.objects.get(student=own)
    assert booking.status == BookingStatus.BOOKED and booking.course_run.course.title == "Early Warning Signs"
    # Acting as a student, a trainer's page is refused.
    tab.goto("/bookings/sessions/")
    tab.arrive("You cannot see this page")
    assert "You are using WaRP as a student." in page.locator("main").inner_text()

    # Back to acting as a trainer: take yesterday's register.
    tab.goto("/account/")
    tab.arrive("Your account")
    page.locator(".warp-acting").get_by_role("button", name="Switch to using WaRP as a trainer").click()
    tab.arrive("Your sessions")
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_role(
        "link", name=re.compile(f"Peer Support Toolkit.*register for {yesterday.day} {yesterday:%B}")
    ).click()
    tab.arrive("Register: Peer Support Toolkit")
    _fits_the_phone(page)
    page.get_by_role("group", name="Sam Rivers").get_by_role("radio", name="Present", exact=True).check()
    page.get_by_role("button", name="Save the register").click()
    tab.arrive("Register: Peer Support Toolkit")
    assert "Register saved (1 mark changed)." in page.locator(".warp-message").inner_text()
    mark = Attendance.objects.get(booking__student=centre.sam)
    assert mark.mark == Mark.PRESENT and mark.marked_by_id == pro.pk
    assert User.objects.filter(email=pro.email).count() == 1
