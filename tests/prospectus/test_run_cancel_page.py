"""Cancelling a course run asks first, says how many people will be told, and takes the reason they read."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_run, make_student
from warp.bookings.models import Booking, BookingStatus
from warp.bookings.services import booking_create
from warp.prospectus.models import RunStatus


@pytest.fixture
def run_with_people(personas):
    run = make_run(places=1)
    booking_create(student=make_student(email="one@example.org"), course_run=run, by=None)
    booking_create(student=make_student(email="two@example.org"), course_run=run, by=None)
    mail.outbox.clear()
    return run


@pytest.mark.django_db
def test_cancel_page_asks_first_and_says_how_many_people_will_be_told(client_for, run_with_people):
    client = client_for("centre_manager")
    page = client.get(reverse("prospectus:run-cancel", args=[run_with_people.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "2 people are booked, offered a place or waiting" in text
    run_with_people.refresh_from_db()
    assert run_with_people.status == RunStatus.PUBLISHED  # looking at the question changes nothing


@pytest.mark.django_db
def test_cancelling_a_run_with_bookings_needs_a_reason(client_for, run_with_people):
    client = client_for("centre_manager")
    page = client.post(reverse("prospectus:run-cancel", args=[run_with_people.pk]), {"reason": "  "})
    assert page.status_code == 200
    assert "Enter the reason for cancelling" in page.content.decode()
    run_with_people.refresh_from_db()
    assert run_with_people.status == RunStatus.PUBLISHED
    assert not Booking.objects.filter(course_run=run_with_people, status=BookingStatus.CANCELLED).exists()


@pytest.mark.django_db
def test_the_reason_given_is_in_every_students_message(
    client_for, run_with_people, django_capture_on_commit_callbacks
):
    client = client_for("centre_manager")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("prospectus:run-cancel", args=[run_with_people.pk]),
            {"reason": "Both trainers are unwell this week."},
            follow=True,
        )
    run_with_people.refresh_from_db()
    assert run_with_people.status == RunStatus.CANCELLED
    assert "2 people are being told" in answer.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert all("Both trainers are unwell this week." in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_a_cancelled_run_does_not_offer_publish(client_for, run_with_people):
    client = client_for("centre_manager")
    client.post(reverse("prospectus:run-cancel", args=[run_with_people.pk]), {"reason": "Venue closed."})
    page = client.get(reverse("prospectus:run-update", args=[run_with_people.pk])).content.decode()
    assert reverse("prospectus:run-publish", args=[run_with_people.pk]) not in page
    assert reverse("prospectus:run-unpublish", args=[run_with_people.pk]) in page  # back to draft first
