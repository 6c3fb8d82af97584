"""Unfiltered prospectus pages are kept in the cache, and forgotten as soon as anything they show changes.

They are kept like every other computed page (warp/core/kept.py): under the data version the database's
triggers raise, and stored when the request's transaction commits, so each request here runs its on-commit
callbacks as a real one would."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.prospectus import factories
from warp.prospectus import services
from warp.prospectus.forms import CourseForm, VenueForm

URL = reverse("prospectus:prospectus")


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, committing what each request keeps as a request in production does."""

    class Committing:
        def get(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.get(*args, **kwargs)

    return Committing()


@pytest.fixture
def term():
    today = timezone.localdate()
    return factories.term("Next term", starts_on=today + timedelta(days=7 - today.weekday()))


@pytest.mark.django_db
def test_an_unfiltered_prospectus_page_seen_again_makes_one_query(client, term, django_assert_num_queries):
    factories.run(term=term, course=factories.course("Recovery Narratives"))
    first = client.get(URL)
    with django_assert_num_queries(1):  # the data version
        again = client.get(URL)
    assert again.content == first.content
    assert "Recovery Narratives" in again.content.decode()


@pytest.mark.django_db
def test_a_filtered_prospectus_page_is_computed_every_time(client, term, django_assert_max_num_queries):
    factories.run(term=term, course=factories.course("Recovery Narratives"))
    client.get(URL, {"term": term.pk, "q": "recovery"})
    with django_assert_max_num_queries(9) as queries:
        client.get(URL, {"term": term.pk, "q": "recovery"})
    assert len(queries.captured_queries) > 0


@pytest.mark.django_db
def test_a_new_booking_shows_at_once_on_a_kept_page(client, term):
    run = factories.run(term=term, places=5)
    assert "5 places left" in client.get(URL).content.decode()
    factories.bookings(run, "booked", 1)
    assert "4 places left" in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_run_published_or_cancelled_shows_at_once_on_a_kept_page(client, term):
    factories.run(term=term, course=factories.course("Recovery Narratives"))
    draft = factories.run(term=term, course=factories.course("Early Warning Signs"), publish=False)
    assert "Early Warning Signs" not in client.get(URL).content.decode()
    services.course_run_publish(course_run=draft, by=factories.manager())
    assert "Early Warning Signs" in client.get(URL).content.decode()
    services.course_run_cancel(course_run=draft, by=factories.manager())
    assert "Early Warning Signs" not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_renamed_course_and_venue_show_at_once_on_a_kept_page(client, term):
    venue = factories.venue("Poole", name="Old Library")
    run = factories.run(term=term, course=factories.course("Recovery Narratives"), venue=venue)
    assert "Old Library" in client.get(URL).content.decode()
    course_fields = {name: getattr(run.course, name) for name in CourseForm.Meta.fields}
    services.course_update(
        course=run.course, by=factories.manager(), **{**course_fields, "title": "Recovery Stories"}
    )
    venue_fields = {name: getattr(venue, name) for name in VenueForm.Meta.fields}
    services.venue_update(venue=venue, by=factories.manager(), **{**venue_fields, "name": "New Library"})
    html = client.get(URL).content.decode()
    assert "Recovery Stories" in html and "New Library" in html


@pytest.mark.django_db
def test_a_kept_page_is_not_shown_for_another_page_number_or_term(client, term):
    for n in range(21):
        factories.run(term=term, course=factories.course(f"Course {n:02d}"))
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    beyond = client.get(URL, {"page": 99}).content.decode()
    assert "Course 00" in first and "Course 20" not in first
    assert "Course 20" in second and "Course 00" not in second
    assert beyond == second  # a page past the last shows the last


@pytest.mark.django_db
def test_addresses_naming_no_real_term_or_page_are_answered_but_never_kept(
    client, term, django_assert_max_num_queries
):
    factories.run(term=term, course=factories.course("Recovery Narratives"))
    for query in ({"page": 99}, {"term": 123456}, {"page": "x"}):
        client.get(URL, query)
        with django_assert_max_num_queries(10) as queries:  # the data version, then the listing's nine
            response = client.get(URL, query)
        assert "Recovery Narratives" in response.content.decode()
        assert len(queries.captured_queries) > 0, query
