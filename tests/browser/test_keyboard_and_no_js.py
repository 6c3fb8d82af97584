"""Registration and booking with the keyboard alone, focus always visible; the main pages without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre
from warp.bookings.models import Attendance, Booking, BookingStatus
from warp.students.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Where the focus is and whether it can be seen: an outline or a box-shadow on the element, or (for NHS.UK
# checkboxes and radios, whose real input is invisible) on the drawn box in front of its label.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {where: "nothing", visible: false};
  const seen = (style) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      && style.outlineColor !== "rgba(0, 0, 0, 0)") || (style.boxShadow && style.boxShadow !== "none");
  let visible = seen(getComputedStyle(el));
  if (!visible && (el.type === "checkbox" || el.type === "radio") && el.labels && el.labels[0]) {
    visible = seen(getComputedStyle(el.labels[0], "::before"));
  }
  const name = (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText || el.value || "").trim();
  return {where: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + name.slice(0, 60), id: el.id,
          name: name, visible: !!visible};
}"""


class Keyboard:
    """Moves through a page with Tab alone, checking after every press that the focus can be seen."""

    def __init__(self, page):
        self.page = page
        self.presses = 0

    def focus(self) -> dict:
        return self.page.evaluate(FOCUS_JS)

    def tab_to(self, wanted, *, limit: int = 80) -> dict:
        """Press Tab until the focused element's id equals `wanted` or its name matches the regex `wanted`
        (no press at all when it already has the focus, as an autofocus field does)."""

        def reached(now: dict) -> bool:
            if isinstance(wanted, str):
                return now["id"] == wanted
            return bool(wanted.search(now["name"]))

        now = self.focus()
        if now["where"] != "nothing" and reached(now):
            assert now["visible"], f"The focus cannot be seen on {now['where']} ({self.page.url})"
            return now
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            self.presses += 1
            now = self.focus()
            if now["where"] == "nothing":
                raise AssertionError(f"Tabbed to the end of {self.page.url} without reaching {wanted}")
            assert now["visible"], f"The focus cannot be seen on {now['where']} ({self.page.url})"
            if reached(now):
                return now
        raise AssertionError(f"Tabbed {limit} times on {self.page.url} without reaching {wanted}")

    def type_into(self, field_id: str, text: str) -> None:
        self.tab_to(field_id)
        self.page.keyboard.type(text)


def test_registration_and_booking_with_the_keyboard_alone(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    keys = Keyboard(page)
    tab.goto("/")
    tab.axe()
    keys.tab_to(re.compile("^Register as a student$"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab.arrive("Register as a student")
    for field_id, text in [
        ("id_first_name", "Kit"),
        ("id_last_name", "Marsh"),
        ("id_date_of_birth", "02/02/1988"),
        ("id_postcode", "DT1 1AA"),
        ("id_email", "kit.marsh@example.org"),
    ]:
        keys.type_into(field_id, text)
    keys.tab_to(re.compile("^A member of staff at the NHS trust"))  # an identity checkbox: Space ticks it
    page.keyboard.press("Space")
    keys.tab_to("id_consent_to_hold_data")
    page.keyboard.press("Space")
    keys.tab_to(re.compile("^Register$"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab.arrive("Thank you: now check your email")
    kit = Student.objects.get(email="kit.marsh@example.org")
    assert kit.identities.count() == 1

    # Booking, as Sam (who has a learning plan): sign in, prospectus, course, book; keys only.
    other = open_tab()
    page = other.page
    keys = Keyboard(page)
    other.goto("/account/sign-in/")
    other.arrive("Sign in")
    keys.type_into("id_login", centre.people["student"].email)
    keys.type_into("id_password", "a-long-test-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    other.axe()
    keys.tab_to(re.compile("^Prospectus$"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    other.arrive("Prospectus: Spring term")
    keys.tab_to(re.compile("^Understanding Depression and Anxiety$"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    other.arrive("Understanding Depression and Anxiety")
    keys.tab_to(re.compile("^Book a place"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    other.arrive("Book a place on Understanding Depression and Anxiety")
    keys.tab_to(re.compile("^Book a place$"))
    with page.expect_navigation():
        page.keyboard.press("Space")  # buttons answer Space as well as Enter
    other.arrive("Your bookings")
    assert Booking.objects.get(student=centre.sam, course_run=centre.open_run).status == BookingStatus.BOOKED
    assert keys.presses > 10


def test_main_pages_work_without_javascript(open_tab):
    centre = build_centre()
    # Register.
    tab = open_tab(javascript=False)
    page = tab.page
    tab.goto("/students/register/")
    tab.arrive("Register as a student")
    page.get_by_label("First name").fill("Lee")
    page.get_by_label("Last name").fill("Fenwick")
    page.get_by_role("textbox", name="Date of birth").fill("05/05/1975")
    page.get_by_label("Postcode").fill("BH2 5AB")
    page.get_by_role("textbox", name="Email").fill("lee.fenwick@example.org")
    page.get_by_label("I agree to the centre keeping my details").check()
    page.get_by_role("button", name="Register").click()
    tab.arrive("Thank you: now check your email")
    assert Student.objects.filter(email="lee.fenwick@example.org").exists()
    (welcome,) = [sent for sent in mail.outbox if sent.to == ["lee.fenwick@example.org"]]
    tab.goto(re.search(r"/account/password/reset/key/\S+", welcome.body).group(0))
    tab.arrive("Choose a new password")
    tab.axe()
    page.get_by_label("New password", exact=True).fill("rain-on-the-harbour-wall")
    page.get_by_label("New password again").fill("rain-on-the-harbour-wall")
    page.get_by_role("button", name="Save new password").click()
    tab.arrive("Your password is changed")
    tab.axe()
    tab.sign_in("lee.fenwick@example.org", code_secret=None, password="rain-on-the-harbour-wall")
    tab.arrive("Your bookings")  # a student's start page

    # Sign in and book.
    student = open_tab(javascript=False)
    student.sign_in(centre.people["student"].email, code_secret=None)
    student.goto(f"/prospectus/runs/{centre.open_run.pk}/")
    student.arrive("Understanding Depression and Anxiety")
    student.page.get_by_role("link", name="Book a place").click()
    student.arrive("Book a place on Understanding Depression and Anxiety")
    student.page.get_by_role("button", name="Book a place").click()
    student.arrive("Your bookings")
    assert Booking.objects.get(student=centre.sam, course_run=centre.open_run).status == BookingStatus.BOOKED

    # A trainer signs in (code and all) and takes a register on a phone.
    trainer = open_tab(javascript=False, viewport=PHONE)
    trainer.sign_in(centre.people["professional_trainer"].email)
    trainer.arrive("Your sessions")
    yesterday = timezone.localdate() - timedelta(days=1)
    trainer.page.get_by_role(
        "link", name=re.compile(f"Peer Support Toolkit.*register for {yesterday.day} {yesterday:%B}")
    ).click()
    trainer.arrive("Register: Peer Support Toolkit")
    trainer.page.get_by_role("group", name="Sam Rivers").get_by_role("radio", name="Present").check()
    trainer.page.get_by_role("button", name="Save the register").click()
    trainer.arrive("Register: Peer Support Toolkit")
    assert Attendance.objects.filter(booking__student=centre.sam).count() == 1
