"""Trainers are reminded of registers not taken, and the managers' list names them (issue 14, section 3)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.bookings.models import Mark
from warp.bookings.services import attendance_mark, booking_create, register_reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _ended_run(trainers, days_ago=1):
    run = make_run(session_days=[7], trainers=trainers)
    student = make_student()
    booking_create(student=student, course_run=run, by=None)
    session = run.sessions.get()
    session.date = timezone.localdate() - timedelta(days=days_ago)
    session.save()
    return run, session, student


def test_each_trainer_of_a_register_not_taken_is_reminded_once(personas, commit, capsys):
    peer, professional = personas["peer_trainer"], personas["professional_trainer"]
    run, session, _ = _ended_run([peer, professional])
    mail.outbox.clear()
    with commit():
        call_command("bookings_tick")
    assert "2 trainer reminder(s) of registers not taken queued" in capsys.readouterr().out
    assert sorted(m.to[0] for m in mail.outbox) == sorted([peer.email, professional.email])
    assert all(f"/bookings/sessions/{session.pk}/register/" in m.body for m in mail.outbox)
    mail.outbox.clear()
    with commit():
        assert register_reminders_send() == 0  # once, however often the tick runs
    assert mail.outbox == []


def test_no_reminder_once_the_register_is_taken_or_for_long_ago(personas, commit):
    peer = personas["peer_trainer"]
    run, session, student = _ended_run([peer])
    attendance_mark(session=session, student=student, mark=Mark.PRESENT, by=peer)
    _ended_run([peer], days_ago=40)
    mail.outbox.clear()
    with commit():
        assert register_reminders_send() == 0
    assert mail.outbox == []


def test_the_managers_list_names_the_trainers(personas, client_for, django_assert_max_num_queries):
    peer, professional = personas["peer_trainer"], personas["professional_trainer"]
    _ended_run([peer, professional])
    _ended_run([peer])
    client = client_for("centre_manager")
    # session + user, the sessions (with run, course, term, booked count and trainers' names)
    with django_assert_max_num_queries(3):
        page = client.get(reverse("bookings:registers-not-taken")).content.decode()
    assert page.count(str(peer)) == 2
    assert page.count(str(professional)) == 1
