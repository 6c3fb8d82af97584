"""A student fills in a questionnaire the centre asked for, then sees their scores over time."""

from datetime import date

import pytest

from tests.browser.factories import build_centre
from warp.measures.models import MeasureResponse, Occasion, ResponseSource
from warp.measures.services import instrument_save, measure_request_create, response_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTIONNAIRE = {
    "code": "calm-check",
    "name": "Calm Check",
    "licence": "Invented for the tests.",
    "items": [
        {"number": 1, "text": "I found a quiet moment today."},
        {"number": 2, "text": "Small things knocked me off course."},
    ],
    "response_min": 1,
    "response_max": 5,
    "reverse_items": [2],
    "score": "sum",
    "higher_is_better": True,
    "reliability": 0.8,
    "reference_sd": 2.0,
}


def test_student_fills_in_a_questionnaire_they_were_asked_for_and_sees_their_scores(open_tab):
    centre = build_centre()
    instrument, _ = instrument_save(data=QUESTIONNAIRE, show_scores_to_students=True)
    response_record(
        student=centre.sam,
        instrument=instrument,
        completed_on=date(2025, 1, 10),
        occasion=Occasion.BASELINE,
        answers=[2, 4],
        source=ResponseSource.PAPER,
        entered_by=centre.people["admissions_tutor"],
    )
    measure_request_create(
        student=centre.sam,
        instrument=instrument,
        occasion=Occasion.FOLLOW_UP,
        by=centre.people["admissions_tutor"],
    )
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["student"].email, code_secret=None)
    tab.axe()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Your questionnaires").click()
    tab.arrive("Your questionnaires")
    assert "10 January 2025 (at the start): your score was 4.0" in page.locator("main").inner_text()
    page.get_by_role("link", name="Calm Check").click()
    tab.arrive("Calm Check")
    page.locator("fieldset", has_text="1. I found a quiet moment today.").get_by_label("4").check()
    page.locator("fieldset", has_text="2. Small things knocked me off course.").get_by_label("2").check()
    page.get_by_role("button", name="Send my answers").click()
    tab.arrive("Your questionnaires")
    assert "Thank you for filling in Calm Check" in page.locator(".warp-message").inner_text()
    assert "Nothing is waiting for you" in page.locator("main").inner_text()
    latest = MeasureResponse.objects.get(student=centre.sam, occasion=Occasion.FOLLOW_UP)
    assert latest.answers == [4, 2] and latest.score == 8.0
