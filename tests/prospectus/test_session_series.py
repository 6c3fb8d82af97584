"""Sessions added as a series, with trainer and room clash warnings (issue 14, section 3)."""

from datetime import date, time

import pytest
from django.urls import reverse

from tests.prospectus import factories
from warp.accounts.models import TrainerKind
from warp.prospectus import services
from warp.prospectus.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def term():
    return factories.term("Spring 2027", starts_on=date(2027, 1, 4), weeks=14)


def _series(venue, **extra):
    return {
        "first_date": "2027-01-12",
        "every_weeks": "1",
        "count": "6",
        "starts_at": "10:00",
        "ends_at": "12:00",
        "venue": venue.pk,
        "room": "Room 2",
        **extra,
    }


def test_weekly_six_sessions_from_12_january(client_for, term):
    run = factories.run(term=term, publish=False, sessions=0)
    venue = factories.venue()
    answer = client_for("centre_manager").post(
        reverse("prospectus:session-series", args=[run.pk]), _series(venue), follow=True
    )
    dates = list(run.sessions.values_list("date", flat=True))
    assert dates == [date(2027, 1, 12 + 7 * n) if n < 3 else date(2027, 2, 2 + 7 * (n - 3)) for n in range(6)]
    assert set(run.sessions.values_list("room", "starts_at")) == {("Room 2", time(10, 0))}
    assert "6 sessions added, the last on Tuesday 16 February." in answer.content.decode()


def test_every_two_weeks(term):
    run = factories.run(term=term, publish=False, sessions=0)
    sessions = services.session_series_create(
        course_run=run,
        by=factories.manager(),
        first_date=date(2027, 1, 12),
        every_weeks=2,
        count=3,
        starts_at=time(18, 0),
        ends_at=time(20, 0),
        venue=None,
        is_online=True,
    )
    assert [s.date for s in sessions] == [date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 9)]


def test_a_series_running_past_the_term_is_refused_whole_naming_the_dates(client_for, term):
    run = factories.run(term=term, publish=False, sessions=0)
    venue = factories.venue()
    page = client_for("centre_manager").post(
        reverse("prospectus:session-series", args=[run.pk]), _series(venue, first_date="2027-03-30")
    )
    text = page.content.decode()
    assert "These dates are outside Spring 2027" in text
    assert "Tue 13 Apr 2027" in text
    assert 'value="2027-03-30"' in text
    assert not run.sessions.exists()


def test_a_trainer_and_a_room_in_use_at_the_same_time_are_warned_of(client_for, term):
    venue = factories.venue(name="Quay Hall")
    busy = factories.run(term=term, first=date(2027, 1, 19), sessions=1, venue=venue)
    Session.objects.filter(course_run=busy).update(room="Room 2", starts_at=time(11, 0), ends_at=time(13, 0))
    shared = busy.run_trainers.select_related("trainer").first().trainer
    run = factories.run(term=term, publish=False, sessions=0, trainers=(TrainerKind.PROFESSIONAL,))
    services.course_run_trainer_add(course_run=run, trainer=shared, by=factories.manager())
    answer = client_for("centre_manager").post(
        reverse("prospectus:session-series", args=[run.pk]), _series(venue), follow=True
    )
    text = answer.content.decode()
    assert f"{shared} is also training on {busy.course.title}, Tue 19 Jan from 11:00 to 13:00." in text
    assert f"Quay Hall, Room 2 is also used by {busy.course.title}, Tue 19 Jan from 11:00 to 13:00." in text
    assert run.sessions.count() == 6  # warned, not refused


def test_no_clash_warning_for_another_room_or_another_time(client_for, term):
    venue = factories.venue(name="Quay Hall")
    other = factories.run(term=term, first=date(2027, 1, 19), sessions=1, venue=venue)
    Session.objects.filter(course_run=other).update(room="Room 5")
    run = factories.run(term=term, publish=False, sessions=0)
    answer = client_for("centre_manager").post(
        reverse("prospectus:session-series", args=[run.pk]), _series(venue), follow=True
    )
    assert "Please check" not in answer.content.decode()
