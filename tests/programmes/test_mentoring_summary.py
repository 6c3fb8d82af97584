"""The mentoring summary's arithmetic, against hand-computed figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.downloads import download_rows
from tests.programmes import factories
from warp.programmes.models import EvaluationQuestion
from warp.programmes.queries import mentoring_summary
from warp.programmes.services import mentoring as services


@pytest.fixture
def pairings(db):
    """A: Jan-Jun 2025, meetings of 60, 90 and 45 minutes, evaluated (quotable): 5, 4, 5 and words.
    B: from September 2025, running, one 60-minute meeting.
    C: Jan-Jun 2024, one 30-minute meeting, evaluated (not quotable): 3, no answer, 4."""
    q1, q2, q3, q4, _q5 = EvaluationQuestion.objects.order_by("order")
    a = factories.make_pairing(started_on=date(2025, 1, 6), ended_on=date(2025, 6, 30))
    for day, minutes in ((date(2025, 1, 20), 60), (date(2025, 3, 3), 90), (date(2025, 5, 5), 45)):
        services.meeting_record(pairing=a, held_on=day, minutes=minutes)
    services.evaluation_record(
        pairing=a,
        given_on=date(2025, 7, 1),
        answers={q1.pk: 5, q2.pk: 4, q3.pk: 5, q4.pk: "Listening without fixing."},
        consent_to_quote=True,
    )
    b = factories.make_pairing(started_on=date(2025, 9, 1))
    services.meeting_record(pairing=b, held_on=date(2025, 9, 15), minutes=60)
    c = factories.make_pairing(started_on=date(2024, 1, 10), ended_on=date(2024, 6, 1))
    services.meeting_record(pairing=c, held_on=date(2024, 2, 1), minutes=30)
    services.evaluation_record(
        pairing=c,
        given_on=date(2024, 6, 5),
        answers={q1.pk: 3, q2.pk: None, q3.pk: 4},
        consent_to_quote=False,
    )
    return {"a": a, "b": b, "c": c}


def test_the_summary_over_all_time(pairings):
    s = mentoring_summary()
    assert (s.pairings, s.pairings_ended, s.pairings_running) == (3, 2, 1)
    assert (s.mentors, s.mentees) == (3, 3)
    assert s.meetings == 5
    assert s.hours == Decimal("4.8")  # 285 minutes = 4.75 hours, rounded half up
    assert s.meetings_per_pairing == Decimal("1.7")  # 5 / 3
    assert (s.evaluations, s.consented_to_quote) == (2, 1)
    assert [(q.answered, q.mean_score) for q in s.questions] == [
        (2, Decimal("4.0")),
        (1, Decimal("4.0")),
        (2, Decimal("4.5")),
        (1, None),  # words have no average
    ]


def test_the_summary_for_one_year(pairings):
    s = mentoring_summary(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (s.pairings, s.pairings_ended, s.pairings_running) == (2, 1, 1)
    assert s.meetings == 4
    assert s.hours == Decimal("4.3")  # 255 minutes = 4.25 hours
    assert s.meetings_per_pairing == Decimal("2.0")
    assert (s.evaluations, s.consented_to_quote) == (1, 1)
    assert [(q.answered, q.mean_score) for q in s.questions][0] == (1, Decimal("5.0"))


def test_an_empty_period_has_no_average(db):
    s = mentoring_summary(start=date(2030, 1, 1), end=date(2030, 12, 31))
    assert (s.pairings, s.meetings, s.hours, s.meetings_per_pairing) == (0, 0, Decimal("0.0"), None)


def test_a_pairing_is_evaluated_once_and_only_after_it_ends(pairings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="End the pairing"):
        services.evaluation_record(
            pairing=pairings["b"], given_on=date(2025, 10, 1), answers={}, consent_to_quote=False
        )
    with pytest.raises(ValidationError, match="already recorded"):
        services.evaluation_record(
            pairing=pairings["a"], given_on=date(2025, 8, 1), answers={}, consent_to_quote=False
        )


def test_a_meeting_falls_while_the_pairing_ran(pairings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.meeting_record(pairing=pairings["a"], held_on=date(2025, 8, 1), minutes=30)


def test_the_mentoring_page_makes_the_same_queries_however_many_pairings(
    pairings, client_for, django_assert_max_num_queries
):
    for n in range(10):
        factories.make_pairing(started_on=date(2025, 2, n + 1))
    client = client_for("partnership_lead")
    # session, user; summary: pairings, meetings, evaluations, answers; pairings list; mentors; mentees; menu
    with django_assert_max_num_queries(11):
        response = client.get(reverse("programmes:mentoring"), {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    assert response.context["summary"].pairings == 12
    # session, user; the pairing; its meetings; its evaluation and answers
    with django_assert_max_num_queries(6):
        assert client.get(reverse("programmes:pairing-detail", args=[pairings["a"].pk])).status_code == 200


def test_the_summary_downloads_as_csv_with_the_pages_figures_for_the_period_chosen(
    pairings, client_for, django_assert_max_num_queries
):
    for n in range(10):
        factories.make_pairing(started_on=date(2025, 2, n + 1))
    client = client_for("partnership_lead")
    # session, user; summary: pairings, meetings, evaluations, answers (the count does not grow with rows)
    with django_assert_max_num_queries(6):
        response = client.get(
            reverse("programmes:mentoring-csv"), {"start": "2025-01-01", "end": "2025-12-31"}
        )
    assert response["Content-Disposition"] == 'attachment; filename="mentoring-summary.csv"'
    rows = download_rows(response, "csv")
    assert rows[0] == ["Measure", "Value", "Average score"]
    figures = {row[0]: row[1] for row in rows[1:]}
    assert figures["Period from"] == "2025-01-01" and figures["Period to"] == "2025-12-31"
    assert (figures["Pairings"], figures["Pairings ended"], figures["Pairings running"]) == ("12", "1", "11")
    assert (figures["Meetings"], figures["Hours"], figures["Meetings per pairing"]) == ("4", "4.3", "0.3")
    assert (figures["Evaluations"], figures["Happy to be quoted"]) == ("1", "1")
    answered = [row for row in rows if row[0].startswith("Answered: ")]
    assert answered[0][1:] == ["1", "5.0"]
    assert answered[-1][1:] == ["1", ""]  # words: answered, no average


def test_a_csv_of_an_impossible_period_goes_back_to_the_page_keeping_what_was_typed(db, client_for):
    response = client_for("centre_manager").get(
        reverse("programmes:mentoring-csv"), {"start": "2025-12-31", "end": "not a date"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("programmes:mentoring") + "?")
    assert "not+a+date" in response["Location"]
