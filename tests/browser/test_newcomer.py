"""A newcomer finds the centre, registers, and an admissions tutor agrees their learning plan."""

import pytest

from tests.browser.factories import build_centre
from warp.students.models import Student, StudentStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fill_registration(page, *, postcode: str) -> None:
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Ashdown")
    page.get_by_role("textbox", name="Date of birth").fill("12/03/1990")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("textbox", name="Email").fill("robin.ashdown@example.org")
    page.get_by_label("Carer or supporter").check()
    page.get_by_label("Choose a password").fill("walking-by-the-sea-2026")
    page.get_by_label("Type the password again").fill("walking-by-the-sea-2026")
    page.get_by_label("I agree to the centre keeping my details").check()


def test_newcomer_registers_after_an_ineligible_try_and_a_corrected_mistake(open_tab):
    build_centre()
    tab = open_tab()
    page = tab.page
    tab.goto("/")
    tab.axe()
    tab.screenshot("home")
    page.get_by_role("link", name="Register as a student").first.click()
    tab.arrive("Register as a student")
    tab.screenshot("register", full_page=False)

    # Outside the area: told why, kindly, with other places to turn; nothing typed is lost.
    _fill_registration(page, postcode="SW1A 1AA")
    page.get_by_role("button", name="Register").click()
    tab.arrive("Register as a student")
    card = page.locator("#eligibility")
    assert "We cannot register you at the moment" in card.inner_text()
    assert "Samaritans" in card.inner_text()
    assert page.get_by_label("First name").input_value() == "Robin"
    assert page.get_by_label("Postcode").input_value() == "SW1A 1AA"
    assert page.get_by_label("Carer or supporter").is_checked()

    # A mistake in one field: the error says what to do; the other fields keep their values.
    page.get_by_label("Postcode").fill("BH15 2AB")
    page.get_by_role("textbox", name="Email").fill("robin at example")
    page.get_by_role("button", name="Register").click()
    tab.arrive("Register as a student")
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter an email address like name@example.org" in summary.inner_text()
    assert page.get_by_label("Last name").input_value() == "Ashdown"
    assert page.get_by_role("textbox", name="Date of birth").input_value() == "12/03/1990"
    assert page.get_by_label("Postcode").input_value() == "BH15 2AB"
    assert page.get_by_label("Carer or supporter").is_checked()
    assert page.get_by_label("I agree to the centre keeping my details").is_checked()

    # Correct only the email (passwords are never sent back, so type them again) and register.
    page.get_by_role("textbox", name="Email").fill("robin.ashdown@example.org")
    page.get_by_label("Choose a password").fill("walking-by-the-sea-2026")
    page.get_by_label("Type the password again").fill("walking-by-the-sea-2026")
    page.get_by_role("button", name="Register").click()
    tab.arrive("Your record")
    assert "Robin Ashdown" in page.locator("main").inner_text()
    assert "You are registered with us" in page.locator(".warp-message").inner_text()
    robin = Student.objects.get(email="robin.ashdown@example.org")
    assert robin.status != StudentStatus.ACTIVE
