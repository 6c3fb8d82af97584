"""Places on an intensive course (a closed cohort) are given by referral or invitation, with the person's
agreement, never booked from the prospectus."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_course, make_run, make_student, tutor
from tests.teams.factories import make_team
from warp.bookings.models import Booking, BookingStatus, Referral
from warp.bookings.services import referral_record
from warp.prospectus.models import Level
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return make_run(course=make_course("Engaging with Life", level=Level.INTENSIVE), places=8)


@pytest.fixture
def student():
    person = make_student(first_name="Ana", last_name="Moss")
    learning_plan_agree(student=person, agreed_by=tutor(), hopes_and_goals="To get going again.")
    return person


def _refer(student, run, **overrides):
    details = {
        "route": "referral",
        "referring_team": make_team(),
        "referred_by": "Their care coordinator",
        "referred_on": date(2026, 1, 5),
        "reason": "Low motivation since leaving hospital.",
        "person_agreed": True,
        "share_progress_with_team": True,
    }
    return referral_record(student=student, course_run=run, by=tutor(), **(details | overrides))


def test_a_referral_gives_a_place_and_keeps_who_referred_when_why_and_the_agreement(cohort, student):
    referral = _refer(student, cohort)
    assert (referral.referring_team.kind, referral.referred_by, referral.referred_on) == (
        "inpatient_ward",
        "Their care coordinator",
        date(2026, 1, 5),
    )
    assert referral.person_agreed and referral.share_progress_with_team
    assert Booking.objects.get(student=student, course_run=cohort).status == BookingStatus.BOOKED


def test_no_place_without_the_persons_agreement(cohort, student):
    with pytest.raises(ValidationError) as refused:
        _refer(student, cohort, person_agreed=False)
    assert "agreed to take part" in refused.value.message_dict["person_agreed"][0]
    assert not Referral.objects.exists() and not Booking.objects.exists()


def test_a_referral_names_its_team_but_an_invitation_need_not(cohort, student):
    with pytest.raises(ValidationError):
        _refer(student, cohort, referring_team=None)
    assert _refer(student, cohort, route="invitation", referring_team=None, referred_by="")


def test_referrals_are_only_for_intensive_courses(student):
    with pytest.raises(ValidationError, match="intensive courses"):
        _refer(student, make_run(course=make_course("Understanding Depression")))
    assert not Booking.objects.exists()


def test_the_same_person_is_not_referred_twice_to_one_cohort(cohort, student):
    _refer(student, cohort)
    with pytest.raises(ValidationError, match="already has a referral"):
        _refer(student, cohort)


def test_staff_give_a_place_by_referral_on_its_page_and_the_booking_form_offers_no_cohorts(
    cohort, student, client_for
):
    client = client_for("admissions_tutor")
    page = client.get(reverse("bookings:student-bookings", args=[student.pk]))
    assert "Engaging with Life" not in str(page.context["form"]["course_run"])
    team = make_team(name="Poole CMHT")
    url = reverse("bookings:referral-create", args=[student.pk])
    data = {
        "course_run": cohort.pk,
        "route": "referral",
        "referring_team": team.pk,
        "referred_on": "2026-01-05",
        "reason": "Wants to rebuild routines.",
    }
    refused = client.post(url, data)
    assert (
        "agreed to take part" in refused.content.decode()
        and "Wants to rebuild routines." in refused.content.decode()
    )
    assert not Referral.objects.exists()
    done = client.post(url, data | {"person_agreed": "on"})
    assert done.status_code == 302 and Referral.objects.get().referring_team == team
