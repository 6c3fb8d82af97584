"""Issue 16, item 6: Table 1 as the report published it, and the would-attend-again rate both ways."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.evaluation.factories import student
from tests.factories import make_run
from warp.evaluation.disclosure import DisclosureRule, for_commissioners
from warp.evaluation.exports import report_csv
from warp.evaluation.queries import evaluation_report
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_submit

pytestmark = pytest.mark.django_db
START, END = date(2013, 1, 1), date(2014, 8, 7)


def _register(women: int, men: int, others: int = 0) -> None:
    for gender, count in (("woman", women), ("man", men), ("", others)):
        for _ in range(count):
            student(registered_on=START, gender=gender)


def test_female_to_male_ratio_is_women_over_men_to_two_decimals():
    """Report line 930: "Ratio of female : male = 2:1.7"; 20 women and 17 men is 1.18, written 2 : 1.7."""
    _register(women=20, men=17, others=2)  # those who did not say are in neither side of the ratio

    students = evaluation_report(start=START, end=END).students

    assert students.female_to_male_ratio == 1.18  # 20 / 17 = 1.176...
    assert students.female_to_male_shown == "2 : 1.7"


def test_ratio_is_null_without_men_and_zero_without_women():
    """Report line 930: women ÷ men has no value when no man is registered (null, never a division error)."""
    _register(women=3, men=0)
    assert evaluation_report(start=START, end=END).students.female_to_male_ratio is None
    _register(women=0, men=0, others=1)
    report = evaluation_report(start=START, end=END)
    assert report.students.female_to_male_shown == "–"


def test_ratio_of_no_women_to_some_men_is_zero():
    """Report line 930: the ratio's women side may be empty; 0 women to 4 men is 0.00."""
    _register(women=0, men=4)
    students = evaluation_report(start=START, end=END).students
    assert students.female_to_male_ratio == 0.0 and students.female_to_male_shown == "0 : 1"


def test_json_csv_and_page_carry_the_ratio_beside_the_counts(client_for):
    """Report lines 928-930 and Table 1 (938): the ratio sits with the gender counts in every format."""
    _register(women=4, men=3)
    client = client_for("centre_manager")
    query = f"?start={START.isoformat()}&end={END.isoformat()}"

    data = json.loads(client.get(reverse("evaluation:report-json") + query).content)
    assert data["students"]["female_to_male_ratio"] == 1.33  # 4 / 3
    csv_text = report_csv(evaluation_report(start=START, end=END))
    assert "students,female_to_male_ratio,,1.33" in csv_text
    page = client.get(reverse("evaluation:report") + query).content.decode()
    assert "Ratio of women to men: <strong>2 : 1.5</strong>" in page  # 2 / 1.33 = 1.50
    assert "1.33 women for every man" in page


def test_commissioners_see_no_ratio_when_either_side_is_seven_or_fewer():
    """Report line 930, with the suppression rule: a ratio of small groups would give their sizes away."""
    _register(women=10, men=7)
    rule = DisclosureRule(threshold=7, base=5)
    assert (
        for_commissioners(evaluation_report(start=START, end=END), rule).students.female_to_male_ratio == "*"
    )
    _register(women=0, men=3)  # now 10 women and 10 men
    safe = for_commissioners(evaluation_report(start=START, end=END), rule)
    assert safe.students.female_to_male_ratio == 1.0


def _feedback(run, would, by):
    answers = {"would_attend_again": would} if would else {"helped": "The people."}
    feedback_submit(
        course_run=run,
        answers=answers,
        source=FeedbackSource.PAPER,
        entered_by=by,
        quote_consent=False,
        submitted_on=timezone.localdate(),
    )


def test_would_attend_again_is_given_over_all_answers_and_over_yes_or_no(personas, client_for):
    """Report line 955: 'Would you attend another REC course', 96%-98% yes. Over everyone who answered
    (not sure counts in the whole) and over those who said yes or no: 6 yes, 2 no, 2 not sure, 1 blank."""
    run = make_run(session_days=[-3])
    for would in ["yes"] * 6 + ["no"] * 2 + ["not_sure"] * 2 + [None]:
        _feedback(run, would, personas["admissions_tutor"])
    today = timezone.localdate()

    feedback = evaluation_report(start=today - timedelta(days=7), end=today).feedback

    assert (feedback.answered, feedback.would_attend_again_percent) == (10, 60.0)  # 6 of 10
    assert (feedback.answered_yes_or_no, feedback.would_attend_again_yes_or_no_percent) == (8, 75.0)  # 6 of 8
    (term,) = feedback.by_term
    assert (term.would_attend_again_percent, term.would_attend_again_yes_or_no_percent) == (60.0, 75.0)
    query = f"?start={(today - timedelta(days=7)).isoformat()}&end={today.isoformat()}"
    page = client_for("centre_manager").get(reverse("evaluation:report") + query).content.decode()
    assert (
        'Of the 10 who answered "Would you attend another course?" (yes, no or not sure), 60.0% said yes'
        in page
    )
    assert "Of the 8 who answered yes or no, 75.0% said yes" in page
    data = json.loads(client_for("centre_manager").get(reverse("evaluation:report-json") + query).content)
    assert data["feedback"]["would_attend_again_yes_or_no_percent"] == 75.0
