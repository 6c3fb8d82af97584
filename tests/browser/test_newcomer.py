"""A newcomer finds the centre, registers, and an admissions tutor agrees their learning plan."""

from datetime import date

import pytest
from django.core import mail

from tests.browser.factories import build_centre
from warp.students.models import Student, StudentStatus
from warp.students.services import student_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fill_registration(page, *, postcode: str) -> None:
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Ashdown")
    page.get_by_role("textbox", name="Date of birth").fill("12/03/1990")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("textbox", name="Email").fill("robin.ashdown@example.org")
    page.get_by_label("Carer or supporter").check()
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
    tab.screenshot("registration")

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

    # Correct only the email and register: we email a link to choose a password.
    page.get_by_role("textbox", name="Email").fill("robin.ashdown@example.org")
    page.get_by_role("button", name="Register").click()
    tab.arrive("Thank you: now check your email")
    assert "robin.ashdown@example.org" in page.locator("main").inner_text()
    tab.axe()
    (welcome,) = [sent for sent in mail.outbox if sent.to == ["robin.ashdown@example.org"]]
    assert welcome.to == ["robin.ashdown@example.org"] and "Thank you for registering" in welcome.body
    robin = Student.objects.get(email="robin.ashdown@example.org")
    assert robin.status != StudentStatus.ACTIVE


def _newcomer() -> Student:
    return student_register(
        first_name="Robin",
        last_name="Ashdown",
        date_of_birth=date(1990, 3, 12),
        postcode="BH15 2AB",
        email="robin.ashdown@example.org",
        consent_to_hold_data=True,
        account_password="walking-by-the-sea-2026",
    )


def test_admissions_tutor_agrees_a_newcomers_learning_plan(open_tab):
    centre = build_centre()
    newcomer = _newcomer()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["admissions_tutor"].email)
    tab.arrive("Students")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Waiting for a plan").click()
    tab.arrive("Waiting for a learning plan")
    page.get_by_role("link", name="Agree a plan with Robin Ashdown").click()
    tab.arrive("Agree a learning plan")

    # Forgetting the one required field: told what to write; what was typed stays.
    page.get_by_label("Strengths").fill("Good listener; loves walking.")
    page.get_by_role("button", name="Save the agreed plan").click()
    tab.arrive("Agree a learning plan")
    assert "Write down their hopes and goals" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.get_by_label("Strengths").input_value() == "Good listener; loves walking."

    page.get_by_label("Hopes and goals").fill("To understand my anxiety and meet people.")
    page.get_by_label("Courses of interest").fill("Understanding Depression and Anxiety")
    page.get_by_role("button", name="Save the agreed plan").click()
    tab.arrive("Robin Ashdown")
    main = page.locator("main").inner_text()
    assert "To understand my anxiety and meet people." in main
    newcomer.refresh_from_db()
    assert newcomer.status == StudentStatus.ACTIVE

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Waiting for a plan").click()
    tab.arrive("Waiting for a learning plan")
    assert "Nobody is waiting" in page.locator("main").inner_text()
