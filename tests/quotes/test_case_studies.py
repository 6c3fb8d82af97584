"""Cohort case studies feed the quote library: a participant's accounts before and after an intensive
course appear once they agreed they may be used as an unnamed case study, attributed to "a student" with
their names taken out, and leave the library and every pick when the consent is withdrawn."""

from datetime import date

import pytest
from django.urls import reverse

from tests.bookings.test_referrals import _refer
from tests.factories import make_course, make_run, make_student, tutor
from warp.bookings.services import referral_accounts_save
from warp.prospectus.models import Level
from warp.quotes import queries, services
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


def _participant(cohort, first: str, last: str, *, before: str, after: str, consent: bool):
    person = make_student(first_name=first, last_name=last)
    learning_plan_agree(student=person, agreed_by=tutor(), hopes_and_goals="To get going again.")
    referral = _refer(person, cohort)
    return referral_accounts_save(
        referral=referral, account_before=before, account_after=after, case_study_consent=consent, by=tutor()
    )


@pytest.fixture
def case_studies():
    cohort = make_run(
        course=make_course("Engaging with Life", level=Level.INTENSIVE), places=8, session_days=[-30, -23]
    )
    return {
        "cohort": cohort,
        "agreed": _participant(
            cohort,
            "Ana",
            "Moss",
            before="Ana Moss hardly left the flat.",
            after="I walk to the shop now. Ana is back, my sister says.",
            consent=True,
        ),
        "before_only": _participant(
            cohort, "Ben", "Hale", before="Everything felt grey.", after="", consent=True
        ),
        "declined": _participant(
            cohort, "Cy", "Lowe", before="Not for anyone else.", after="Still private.", consent=False
        ),
    }


def _case_rows() -> list[dict]:
    return list(queries.library(source="case_study"))


def test_case_studies_with_consent_are_quoted_as_a_students_without_their_names(
    case_studies, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the one UNION of every source, the case studies included
        rows = [row for row in queries.library() if row["quote_source"] == "case_study"]
    by_ref = {row["quote_ref"]: row for row in rows}
    assert set(by_ref) == {case_studies["agreed"].pk, case_studies["before_only"].pk}  # never the declined
    agreed = by_ref[case_studies["agreed"].pk]
    assert agreed["quote_words"] == (
        "Before the course: [name] hardly left the flat.\n\n"
        "After the course: I walk to the shop now. [name] is back, my sister says."
    )
    assert by_ref[case_studies["before_only"].pk]["quote_words"] == "Before the course: Everything felt grey."
    assert (agreed["quote_by"], agreed["quote_where"]) == (
        "a student",
        "A case study from Engaging with Life",
    )
    last_session = case_studies["cohort"].sessions.order_by("-date").first().date
    assert agreed["quote_said_on"] == last_session
    text = str([row.values() for row in rows])
    for name in ("Ana", "Moss", "Ben", "Hale", "Cy", "Lowe"):
        assert name not in text


def test_withdrawing_case_study_consent_takes_it_out_of_the_library_and_its_picks(case_studies, personas):
    agreed = case_studies["agreed"]
    services.quote_pick(source="case_study", ref=agreed.pk, by=personas["partnership_lead"])
    assert [row["quote_ref"] for row in queries.library(source="case_study", picked_only=True)] == [agreed.pk]

    referral_accounts_save(
        referral=agreed,
        account_before=agreed.account_before,
        account_after=agreed.account_after,
        case_study_consent=False,
        by=tutor(),
    )

    assert [row["quote_ref"] for row in _case_rows()] == [case_studies["before_only"].pk]
    assert list(queries.library(source="case_study", picked_only=True)) == []
    assert queries.find_quote(source="case_study", ref=agreed.pk) is None


def test_a_case_study_withdrawn_on_the_accounts_page_leaves_the_library_page(case_studies, client_for):
    agreed = case_studies["agreed"]
    client = client_for("centre_manager")
    assert "I walk to the shop now." in client.get(reverse("quotes:library")).content.decode()

    response = client.post(
        reverse("bookings:referral-accounts", args=[agreed.pk]),
        {"account_before": agreed.account_before, "account_after": agreed.account_after},  # box unticked
    )

    assert response.status_code == 302
    assert "I walk to the shop now." not in client.get(reverse("quotes:library")).content.decode()
    assert "Cohort case studies" in client.get(reverse("quotes:library")).content.decode()  # the filter


def test_a_cohort_with_no_sessions_dates_its_case_studies_by_the_referral(personas):
    cohort = make_run(course=make_course("Living with Bipolar", level=Level.INTENSIVE))
    referral = _participant(cohort, "Di", "Rye", before="", after="Calmer.", consent=True)
    cohort.sessions.all().delete()  # its dates not yet set
    (row,) = _case_rows()
    assert (row["quote_ref"], row["quote_said_on"]) == (referral.pk, date(2026, 1, 5))
    assert row["quote_words"] == "After the course: Calmer."
