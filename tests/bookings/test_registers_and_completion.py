from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone

from tests.factories import make_run, make_student, make_term
from warp import audit
from warp.audit.models import AuditEntry
from warp.bookings.models import Attendance, AttendanceChange, Mark
from warp.bookings.queries import booking_is_completed, progress_by_run, progress_for_term
from warp.bookings.services import attendance_mark, attendance_marks_record, booking_create
from warp.prospectus.models import CourseRun

pytestmark = pytest.mark.django_db


def _book(run, n):
    students = [make_student() for _ in range(n)]
    for student in students:
        booking_create(student=student, course_run=run, by=None)
    return students


def _past_run(sessions=4, **kw):
    """A run whose sessions were 4, 3, 2 and 1 weeks ago, booked before it began."""
    run = make_run(session_days=[7 * (i + 1) for i in range(sessions)], **kw)
    return run


def _move_to_past(run):
    for i, session in enumerate(run.sessions.order_by("date")):
        session.date = timezone.localdate() - timedelta(days=7 * (len(run.sessions.all()) - i))
        session.save()


def test_register_marks_and_history_of_corrections(personas):
    run = _past_run(trainers=[personas["peer_trainer"]])
    (student,) = _book(run, 1)
    _move_to_past(run)
    session = run.sessions.first()
    attendance_mark(session=session, student=student, mark=Mark.ABSENT, by=personas["peer_trainer"])
    corrected = attendance_mark(
        session=session, student=student, mark=Mark.PRESENT, by=personas["centre_manager"]
    )
    assert corrected.mark == Mark.PRESENT
    assert corrected.marked_by == personas["centre_manager"]
    history = list(
        AttendanceChange.objects.filter(attendance=corrected).values_list(
            "old_mark", "new_mark", "changed_by"
        )
    )
    assert history == [
        ("", Mark.ABSENT, personas["peer_trainer"].pk),
        (Mark.ABSENT, Mark.PRESENT, personas["centre_manager"].pk),
    ]
    # Marking the same again changes nothing and adds no history.
    attendance_mark(session=session, student=student, mark=Mark.PRESENT, by=personas["peer_trainer"])
    assert AttendanceChange.objects.count() == 2


def test_a_register_cannot_be_taken_before_the_session_or_for_someone_not_booked(personas):
    run = make_run(session_days=[7])
    (student,) = _book(run, 1)
    with pytest.raises(ValidationError, match="not started yet"):
        attendance_mark(session=run.sessions.first(), student=student, mark=Mark.PRESENT, by=None)
    _move_to_past(run)
    with pytest.raises(ValidationError, match="not booked"):
        attendance_mark(session=run.sessions.first(), student=make_student(), mark=Mark.PRESENT, by=None)


def test_a_register_save_is_all_or_nothing(personas):
    run = _past_run(trainers=[personas["peer_trainer"]])
    booked = _book(run, 3)
    _move_to_past(run)
    session = run.sessions.first()
    stranger = make_student(first_name="Robin", last_name="Notbooked")
    marks = {**{student: Mark.PRESENT for student in booked}, stranger: Mark.PRESENT}
    with pytest.raises(ValidationError, match="Robin Notbooked is not booked"):
        attendance_marks_record(session=session, marks=marks, by=personas["peer_trainer"])
    assert not Attendance.objects.exists()
    assert not AttendanceChange.objects.exists()


def test_a_register_save_that_fails_midway_saves_nothing(personas, monkeypatch):
    run = _past_run(trainers=[personas["peer_trainer"]])
    booked = _book(run, 3)
    _move_to_past(run)
    session = run.sessions.first()
    attendance_mark(session=session, student=booked[0], mark=Mark.ABSENT, by=personas["peer_trainer"])

    def audit_fails(**kwargs):  # the last step of the save: the marks and their history are written
        raise DatabaseError("disk full")

    monkeypatch.setattr(audit, "record_each", audit_fails)
    with pytest.raises(DatabaseError):
        attendance_marks_record(
            session=session, marks={student: Mark.PRESENT for student in booked}, by=personas["peer_trainer"]
        )
    assert list(Attendance.objects.values_list("booking__student", "mark")) == [(booked[0].pk, Mark.ABSENT)]
    assert AttendanceChange.objects.count() == 1


def test_a_register_save_records_each_change_and_returns_how_many_changed(personas):
    run = _past_run(trainers=[personas["peer_trainer"]])
    a, b, c = _book(run, 3)
    _move_to_past(run)
    session = run.sessions.first()
    trainer = personas["peer_trainer"]
    assert attendance_marks_record(session=session, marks={a: Mark.ABSENT, b: Mark.PRESENT}, by=trainer) == 2
    changed = attendance_marks_record(
        session=session, marks={a.pk: Mark.PRESENT, b.pk: Mark.PRESENT, c.pk: Mark.APOLOGIES}, by=trainer
    )
    assert changed == 2  # a corrected, c new; b unchanged
    assert dict(Attendance.objects.values_list("booking__student", "mark")) == {
        a.pk: Mark.PRESENT,
        b.pk: Mark.PRESENT,
        c.pk: Mark.APOLOGIES,
    }
    history = AttendanceChange.objects.filter(attendance__booking__student=a).order_by("pk")
    assert list(history.values_list("old_mark", "new_mark", "changed_by")) == [
        ("", Mark.ABSENT, trainer.pk),
        (Mark.ABSENT, Mark.PRESENT, trainer.pk),
    ]
    attendance = {att.booking.student_id: str(att.pk) for att in Attendance.objects.select_related("booking")}
    entries = AuditEntry.objects.filter(model="bookings.Attendance")
    assert sorted((e.action, e.student_id, e.object_id, e.user_id) for e in entries) == sorted(
        [
            ("create", a.pk, attendance[a.pk], trainer.pk),
            ("create", b.pk, attendance[b.pk], trainer.pk),
            ("change", a.pk, attendance[a.pk], trainer.pk),
            ("create", c.pk, attendance[c.pk], trainer.pk),
        ]
    )


def _attend(run, student, present_in: int):
    for i, session in enumerate(run.sessions.order_by("date")):
        attendance_mark(
            session=session, student=student, mark=Mark.PRESENT if i < present_in else Mark.ABSENT, by=None
        )


def test_completion_rule_is_half_the_sessions_by_default(settings):
    settings.WARP_COMPLETION_MIN_FRACTION = 0.5
    run = _past_run(sessions=4)
    half, less = _book(run, 2)
    _move_to_past(run)
    _attend(run, half, 2)
    _attend(run, less, 1)
    bookings = {b.student_id: b for b in run.bookings.all()}
    assert booking_is_completed(bookings[half.pk])
    assert not booking_is_completed(bookings[less.pk])


def test_completion_rule_with_settings_override(settings):
    run = _past_run(sessions=4)
    (student,) = _book(run, 1)
    _move_to_past(run)
    _attend(run, student, 3)
    booking = run.bookings.get()
    settings.WARP_COMPLETION_MIN_FRACTION = 0.75
    assert booking_is_completed(booking)
    settings.WARP_COMPLETION_MIN_FRACTION = 1.0
    assert not booking_is_completed(booking)
    settings.WARP_COMPLETION_MIN_FRACTION = 0.3
    assert booking_is_completed(booking)


def test_dropout_and_attendance_arithmetic_on_hand_made_data(settings):
    """Run A: 4 sessions, 5 booked: 4/4, 2/4, 1/4, 1/4 present, and one who never came (all absent).
    started 4, completed 2, dropout (4-2)/4 = 0.5; marks 20, present 8, attendance 0.4.
    Run B: 2 sessions, 2 booked: 2/2, and one never marked. started 1, completed 1, dropout 0;
    marks 2, present 2. Term: booked 7, started 5, completed 3, dropout 2/5, attendance 10/22."""
    settings.WARP_COMPLETION_MIN_FRACTION = 0.5
    term = make_term()
    run_a = _past_run(sessions=4, term=term)
    run_b = _past_run(sessions=2, term=term)
    a = _book(run_a, 5)
    b = _book(run_b, 2)
    _move_to_past(run_a)
    _move_to_past(run_b)
    for student, present in zip(a, [4, 2, 1, 1, 0], strict=True):
        _attend(run_a, student, present)
    _attend(run_b, b[0], 2)

    progress = progress_by_run(CourseRun.objects.filter(term=term))
    pa, pb = progress[run_a.pk], progress[run_b.pk]
    assert (pa.booked, pa.started, pa.completed, pa.present_marks, pa.all_marks) == (5, 4, 2, 8, 20)
    assert pa.dropout_rate == 0.5
    assert pa.attendance_rate == 0.4
    assert (pb.booked, pb.started, pb.completed, pb.dropout_rate, pb.attendance_rate) == (2, 1, 1, 0.0, 1.0)

    total = progress_for_term(term)
    assert (total.booked, total.started, total.completed) == (7, 5, 3)
    assert total.dropout_rate == pytest.approx(2 / 5)
    assert total.attendance_rate == pytest.approx(10 / 22)


def test_progress_with_nobody_started_has_no_rates():
    term = make_term()
    run = make_run(term=term)
    _book(run, 2)
    total = progress_for_term(term)
    assert (total.booked, total.started, total.dropout_rate, total.attendance_rate) == (2, 0, None, None)
