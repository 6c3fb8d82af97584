from datetime import date, time

import pytest
from django.urls import reverse

from tests.prospectus import factories
from warp.prospectus.models import CourseRun, RunStatus, Session


@pytest.fixture
def term():
    return factories.term("Autumn 2026", starts_on=date(2026, 9, 7))


def _fill(term, how_many):
    for i in range(how_many):
        run = factories.run(term=term, places=8, publish=i % 2 == 0)
        factories.bookings(run, "booked", 3)
        factories.bookings(run, "waiting", 1)


@pytest.mark.django_db
def test_term_page_shows_each_runs_fill_and_waiting_list(client_for, term, django_assert_max_num_queries):
    client = client_for("centre_manager")
    _fill(term, 3)
    # Queries: session, user, the term, its runs with places taken and waiting, sessions with venues, trainers.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("prospectus:term-detail", args=[term.pk]))
    page = response.content.decode()
    assert page.count("3 / 8") == 3
    assert [r.waiting_count for r in response.context["runs"]] == [1, 1, 1]
    assert "Draft" in page and "Published" in page
    _fill(term, 17)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("prospectus:term-detail", args=[term.pk]))
    assert len(response.context["runs"]) == 20


@pytest.mark.django_db
def test_term_list_query_count_does_not_grow(client_for, django_assert_max_num_queries):
    client = client_for("centre_manager")
    factories.term()
    # Queries: session, user, terms with their run counts.
    with django_assert_max_num_queries(3):
        client.get(reverse("prospectus:term-list"))
    for _ in range(10):
        factories.term()
    with django_assert_max_num_queries(3):
        response = client.get(reverse("prospectus:term-list"))
    assert len(response.context["terms"]) == 11


@pytest.mark.django_db
def test_run_page_lists_sessions_and_trainers_in_fixed_queries(
    client_for, term, django_assert_max_num_queries
):
    client = client_for("centre_manager")
    few = factories.run(term=term, sessions=1, publish=False)
    many = factories.run(term=term, sessions=12, trainers=("peer", "peer", "professional"), publish=False)
    # Queries: session, user, the run, sessions with venues, trainers, publish checks (trainer kinds,
    # any session?), the course choices, venue choices in the session form, trainer choices.
    for run in (few, many):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("prospectus:run-update", args=[run.pk])).status_code == 200


@pytest.mark.django_db
def test_manager_creates_a_run_as_a_draft_then_adds_a_session(client_for, term):
    client = client_for("centre_manager")
    course = factories.course("Building Resilience")
    response = client.post(
        reverse("prospectus:run-create", args=[term.pk]), {"course": course.pk, "places": "14"}
    )
    run = CourseRun.objects.get(course=course)
    assert response["Location"] == reverse("prospectus:run-update", args=[run.pk])
    assert run.status == RunStatus.DRAFT
    venue = factories.venue("Swanage")
    client.post(
        reverse("prospectus:session-create", args=[run.pk]),
        {
            "session-date": "2026-09-08",
            "session-starts_at": "10:00",
            "session-ends_at": "12:00",
            "session-venue": venue.pk,
        },
    )
    assert run.sessions.get().venue == venue


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"session-starts_at": "12:00", "session-ends_at": "10:00", "session-is_online": "on"},
            "must end after it starts",
        ),
        ({"session-starts_at": "10:00", "session-ends_at": "12:00"}, "Choose a venue, or tick"),
    ],
)
@pytest.mark.django_db
def test_a_session_needs_an_end_after_its_start_and_a_venue_or_online(client_for, term, data, message):
    run = factories.run(term=term, sessions=0, publish=False)
    response = client_for("centre_manager").post(
        reverse("prospectus:session-create", args=[run.pk]), {"session-date": "2026-09-08", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.filter(course_run=run).exists()


@pytest.mark.django_db
def test_online_session_keeps_its_joining_link_for_managers(client_for, term):
    run = factories.run(
        term=term,
        online=True,
        joining_link="https://meet.example.org/x",
        starts_at=time(18, 0),
        ends_at=time(19, 0),
    )
    page = client_for("centre_manager").get(
        reverse("prospectus:session-update", args=[run.sessions.first().pk])
    )
    assert "https://meet.example.org/x" in page.content.decode()


@pytest.mark.django_db
def test_manager_cancels_and_unpublishes_a_run(client_for, term):
    run = factories.run(term=term)
    client = client_for("centre_manager")
    client.post(reverse("prospectus:run-unpublish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    client.post(reverse("prospectus:run-cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


@pytest.mark.django_db
def test_venue_and_term_forms_save(client_for):
    client = client_for("administrator")
    client.post(
        reverse("prospectus:venue-create"),
        {"name": "Sherborne Library", "locality": "Sherborne", "access_information": "Step-free."},
    )
    client.post(
        reverse("prospectus:term-create"),
        {"name": "Summer 2027", "starts_on": "2027-05-03", "ends_on": "2027-07-23"},
    )
    response = client.post(
        reverse("prospectus:term-create"),
        {"name": "Backwards", "starts_on": "2027-05-03", "ends_on": "2027-04-01"},
    )
    assert "must end on or after the day it starts" in response.content.decode()
    from warp.prospectus.models import Term, Venue

    assert Venue.objects.filter(locality="Sherborne").exists()
    assert list(Term.objects.values_list("name", flat=True)) == ["Summer 2027"]


SESSION_POST = {
    "session-starts_at": "10:00",
    "session-ends_at": "12:00",
    "session-room": "",
    "session-joining_link": "",
}


@pytest.mark.django_db
def test_a_session_outside_its_terms_dates_is_refused_with_what_to_do(client_for, term):
    run = factories.run(term=term, publish=False, sessions=1)
    venue = factories.venue()
    client = client_for("centre_manager")
    data = {**SESSION_POST, "session-date": "2027-02-01", "session-venue": venue.pk}
    page = client.post(reverse("prospectus:session-create", args=[run.pk]), data)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Monday 1 February 2027 is outside Autumn 2026" in text
    assert "tick" in text and "on purpose" in text
    assert 'value="2027-02-01"' in text  # what was typed is kept
    assert run.sessions.count() == 1


@pytest.mark.django_db
def test_a_session_outside_the_term_is_saved_when_ticked_and_the_prospectus_shows_its_date(client_for, term):
    run = factories.run(term=term, publish=False, sessions=1)
    venue = factories.venue()
    client = client_for("centre_manager")
    data = {
        **SESSION_POST,
        "session-date": "2027-02-01",
        "session-venue": venue.pk,
        "session-outside_term": "on",
    }
    client.post(reverse("prospectus:session-create", args=[run.pk]), data)
    assert run.sessions.filter(date=date(2027, 2, 1)).exists()
    client.post(reverse("prospectus:run-publish", args=[run.pk]))
    page = client.get(reverse("prospectus:run-detail", args=[run.pk])).content.decode()
    assert "to Monday 1 February 2027" in page


@pytest.mark.django_db
def test_moving_a_session_outside_the_term_is_refused_too(client_for, term):
    run = factories.run(term=term, publish=False, sessions=1)
    session = run.sessions.get()
    client = client_for("centre_manager")
    data = {**SESSION_POST, "session-date": "2026-08-01", "session-venue": session.venue_id}
    client.post(reverse("prospectus:session-update", args=[session.pk]), data)
    session.refresh_from_db()
    assert session.date == term.starts_on
