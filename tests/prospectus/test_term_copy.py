from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.prospectus import factories
from warp.prospectus import services
from warp.prospectus.models import CourseRun, RunStatus, Session


@pytest.fixture
def last_term():
    term = factories.term("Spring 2026", starts_on=date(2026, 1, 5))  # a Monday
    first = factories.run(term=term, first=date(2026, 1, 7), sessions=4, places=14)  # Wednesdays
    first.booking_opens_at = timezone.make_aware(datetime(2025, 12, 1, 9, 0))
    first.save()
    factories.run(term=term, first=date(2026, 1, 9), online=True, joining_link="https://meet.example.org/abc")
    cancelled = factories.run(term=term)
    services.course_run_cancel(course_run=cancelled, by=factories.manager())
    return term


@pytest.mark.django_db
def test_copying_a_term_shifts_dates_keeps_weekdays_and_creates_drafts(last_term):
    # Starts on a Thursday, 17 weeks and 3 days later: the shift rounds to 17 weeks.
    new_term = factories.term("Summer 2026", starts_on=date(2026, 5, 7))
    copies = services.term_copy_runs(from_term=last_term, to_term=new_term, by=factories.manager())

    assert len(copies) == 2  # the cancelled run is not copied
    assert all(run.status == RunStatus.DRAFT for run in copies)
    # Copied in the order of their courses' titles (which need not be the order of the factories' numbers).
    originals = (
        CourseRun.objects.filter(term=last_term)
        .exclude(status=RunStatus.CANCELLED)
        .order_by("course__title", "pk")
    )
    for original, copy in zip(originals, copies, strict=True):
        assert copy.course_id == original.course_id
        assert copy.places == original.places
        assert set(copy.run_trainers.values_list("trainer", flat=True)) == set(
            original.run_trainers.values_list("trainer", flat=True)
        )
        old = list(original.sessions.all())
        new = list(copy.sessions.all())
        assert len(new) == len(old)
        for before, after in zip(old, new, strict=True):
            assert (after.date - before.date).days == 17 * 7
            assert after.date.weekday() == before.date.weekday()
            assert (after.starts_at, after.ends_at, after.venue_id) == (
                before.starts_at,
                before.ends_at,
                before.venue_id,
            )
    first = min(copies, key=lambda r: r.pk)
    assert first.sessions.first().date == date(2026, 5, 6)  # a Wednesday, like 7 January
    assert first.booking_opens_at == timezone.make_aware(datetime(2026, 3, 30, 9, 0))


@pytest.mark.django_db
def test_copied_online_sessions_do_not_keep_the_old_joining_link(last_term):
    new_term = factories.term("Summer 2026", starts_on=date(2026, 5, 4))
    services.term_copy_runs(from_term=last_term, to_term=new_term, by=factories.manager())
    online = Session.objects.filter(course_run__term=new_term, is_online=True).first()
    assert online.is_online and online.joining_link == ""
    assert online.starts_at == time(10, 0)


@pytest.mark.django_db
def test_a_term_cannot_be_copied_into_itself(last_term):
    with pytest.raises(ValidationError, match="cannot be copied into itself"):
        services.term_copy_runs(from_term=last_term, to_term=last_term, by=factories.manager())


@pytest.mark.django_db
def test_manager_copies_a_term_from_the_term_page(client_for, last_term):
    new_term = factories.term("Summer 2026", starts_on=date(2026, 5, 4))
    client = client_for("centre_manager")
    response = client.post(
        reverse("prospectus:term-copy", args=[new_term.pk]), {"from_term": last_term.pk}, follow=True
    )
    assert "2 course runs copied as drafts" in response.content.decode()
    assert CourseRun.objects.filter(term=new_term, status=RunStatus.DRAFT).count() == 2


@pytest.mark.django_db
def test_copying_a_term_a_second_time_warns_and_copies_nothing_until_told(client_for, last_term):
    new_term = factories.term("Summer 2026", starts_on=date(2026, 5, 4))
    client = client_for("centre_manager")
    url = reverse("prospectus:term-copy", args=[new_term.pk])
    client.post(url, {"from_term": last_term.pk})
    page = client.post(url, {"from_term": last_term.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "2 course runs of Spring 2026 were copied into Summer 2026 already" in text
    assert "Skip the course runs already copied" in text
    assert CourseRun.objects.filter(term=new_term).count() == 2


@pytest.mark.django_db
def test_copying_again_can_skip_the_runs_already_copied(client_for, last_term):
    new_term = factories.term("Summer 2026", starts_on=date(2026, 5, 4))
    client = client_for("centre_manager")
    url = reverse("prospectus:term-copy", args=[new_term.pk])
    client.post(url, {"from_term": last_term.pk})
    factories.run(term=last_term)  # added to last term since the first copy
    answer = client.post(url, {"from_term": last_term.pk, "if_copied": "skip"}, follow=True)
    assert "1 course run copied as drafts. 2 already copied before were skipped." in answer.content.decode()
    assert CourseRun.objects.filter(term=new_term).count() == 3


@pytest.mark.django_db
def test_copying_again_can_copy_them_again_when_asked(client_for, last_term):
    new_term = factories.term("Summer 2026", starts_on=date(2026, 5, 4))
    client = client_for("centre_manager")
    url = reverse("prospectus:term-copy", args=[new_term.pk])
    client.post(url, {"from_term": last_term.pk})
    client.post(url, {"from_term": last_term.pk, "if_copied": "again"})
    assert CourseRun.objects.filter(term=new_term).count() == 4


@pytest.mark.django_db
def test_bulk_publish_publishes_ready_drafts_and_names_the_others(client_for):
    term = factories.term("Autumn 2026")
    ready = factories.run(term=term, publish=False)
    unready = factories.run(term=term, publish=False, trainers=())
    client = client_for("centre_manager")
    answer = client.post(
        reverse("prospectus:term-runs-bulk", args=[term.pk]),
        {"runs": [ready.pk, unready.pk], "action": "publish"},
        follow=True,
    )
    text = answer.content.decode()
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert (ready.status, unready.status) == (RunStatus.PUBLISHED, RunStatus.DRAFT)
    assert "1 course run published" in text
    assert f"{unready.course.title} was left as it was: It has no peer trainer." in text


@pytest.mark.django_db
def test_bulk_delete_asks_first_then_deletes_drafts_nobody_booked(client_for):
    term = factories.term("Autumn 2026")
    empty = factories.run(term=term, publish=False)
    booked = factories.run(term=term, publish=False)
    factories.bookings(booked, "booked", 1)
    client = client_for("centre_manager")
    url = reverse("prospectus:term-runs-bulk", args=[term.pk])
    question = client.post(url, {"runs": [empty.pk, booked.pk], "action": "delete"})
    assert "Delete 2 draft course runs of Autumn 2026?" in question.content.decode()
    assert CourseRun.objects.filter(pk__in=[empty.pk, booked.pk]).count() == 2
    answer = client.post(
        url, {"runs": [empty.pk, booked.pk], "action": "delete", "confirm": "on"}, follow=True
    )
    assert not CourseRun.objects.filter(pk=empty.pk).exists()
    assert CourseRun.objects.filter(pk=booked.pk).exists()
    assert "Students have booked or given feedback on this course run" in answer.content.decode()


@pytest.mark.django_db
def test_a_published_run_is_not_deleted_in_bulk(client_for):
    term = factories.term("Autumn 2026")
    published = factories.run(term=term)
    client = client_for("centre_manager")
    client.post(
        reverse("prospectus:term-runs-bulk", args=[term.pk]),
        {"runs": [published.pk], "action": "delete", "confirm": "on"},
    )
    assert CourseRun.objects.filter(pk=published.pk).exists()
