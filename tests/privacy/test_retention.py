"""Retention: students with no activity for N years are listed (dry run), then anonymised and logged.
The clock is frozen by passing `now=` explicitly."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_review, make_run, make_student
from tests.privacy.factories import _answers, full_student
from warp.accounts.models import User
from warp.audit.models import AuditEntry
from warp.bookings.services import booking_create
from warp.feedback.models import Answer, FeedbackResponse, FeedbackSource
from warp.feedback.services import feedback_submit
from warp.privacy.models import Erasure, ErasureReason, Purge, PurgeKind
from warp.privacy.retention import purge_apply, retention_apply, retention_candidates, retention_cutoff
from warp.privacy.services import subject_request_create
from warp.students.models import LearningPlan, Student, StudentStatus
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db
LONG_AGO = date(2010, 1, 4)


def _old(**extra) -> Student:
    """A student registered in 2010 (as an import of historic records would have it)."""
    return make_student(status=StudentStatus.AWAITING_PLAN, registered_on=LONG_AGO, **extra)


def test_cutoff_is_n_years_before_now_even_from_29_february():
    leap = datetime(2032, 2, 29, 12, tzinfo=UTC)
    assert retention_cutoff(now=leap, years=7) == datetime(2025, 2, 28, 12, tzinfo=UTC)


def test_a_student_with_nothing_since_the_cutoff_is_a_candidate_and_a_recent_one_is_not(personas):
    old = _old(first_name="Olwen")
    recent = make_student(status=StudentStatus.AWAITING_PLAN, first_name="Rhys")
    now = timezone.now()
    candidates = set(retention_candidates(now=now, years=7))
    assert old in candidates and recent not in candidates
    # The same old student is kept while the period is longer than their inactivity.
    assert old not in set(retention_candidates(now=now, years=30))


def test_each_kind_of_recent_activity_keeps_an_old_student(personas):
    planned = _old(first_name="Pat")
    learning_plan_agree(student=planned, agreed_by=personas["admissions_tutor"], hopes_and_goals="Walks")
    booked = _old(first_name="Bea")
    learning_plan_agree(student=booked, agreed_by=personas["admissions_tutor"], hopes_and_goals="Cooking")
    long_ago = timezone.now() - timedelta(days=15 * 365)
    LearningPlan.objects.filter(student=booked).update(agreed_on=LONG_AGO, updated_at=long_ago)
    booking_create(student=booked, course_run=make_run(), by=None)
    reviewed = _old(first_name="Ravi")
    make_review(reviewed, review_date=timezone.localdate())
    signed_in = _old(first_name="Sian", account_password="quiet harbour walks 42")
    User.objects.filter(pk=signed_in.user_id).update(last_login=timezone.now())
    asked = _old(first_name="Asha")
    subject_request_create(
        student=asked, kind="access", received_on=timezone.localdate(), by=personas["administrator"]
    )
    idle = _old(first_name="Idris")
    candidates = set(retention_candidates(now=timezone.now(), years=7))
    assert candidates & {planned, booked, reviewed, signed_in, asked} == set()
    assert idle in candidates


def test_dry_run_lists_without_changing_anything_and_apply_anonymises_and_logs(personas):
    student = full_student(personas)[0]
    # Everything in their record happened "now"; eight years later the clock says they are long inactive.
    later = timezone.now() + timedelta(days=8 * 366)
    dry = retention_apply(now=later, dry_run=True, years=7)
    assert [s.pk for s in dry.students] == [student.pk] and not dry.applied
    student.refresh_from_db()
    assert student.first_name != "Erased" and not Erasure.objects.exists()

    done = retention_apply(now=later, dry_run=False, years=7)
    assert done.applied and [s.pk for s in done.students] == [student.pk]
    student.refresh_from_db()
    assert student.first_name == "Erased" and student.email == "" and student.phone == ""
    log = Erasure.objects.get(student=student)
    assert log.reason == ErasureReason.RETENTION and log.at == later and log.by is None
    assert "7 years" in log.basis
    # Nothing is left to do the next day, and an erased student is never erased twice.
    assert retention_apply(now=later + timedelta(days=1), dry_run=False, years=7).students == []


def test_the_candidate_list_is_one_query_however_many_students(personas, django_assert_max_num_queries):
    for n in range(3):
        _old(first_name=f"Few{n}")
    # one query: students, with NOT EXISTS subqueries for each kind of activity
    with django_assert_max_num_queries(1):
        assert len(list(retention_candidates(now=timezone.now(), years=7))) == 3
    for n in range(12):
        _old(first_name=f"More{n}")
    with django_assert_max_num_queries(1):
        assert len(list(retention_candidates(now=timezone.now(), years=7))) == 15


def test_command_dry_run_then_apply(personas, capsys, settings):
    settings.WARP_RETAIN_INACTIVE_STUDENT_YEARS = 7
    student = _old(first_name="Cerys")
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"Would anonymise: {student.registration_number}" in out
    assert "Would anonymise 1 student(s)" in out
    assert not Erasure.objects.exists()
    call_command("retention", "--apply")
    assert "Anonymised 1 student(s)" in capsys.readouterr().out
    assert Erasure.objects.get(student=student).reason == ErasureReason.RETENTION


def _entry_at(at) -> AuditEntry:
    return AuditEntry.objects.create(at=at, action="view", model="students.Student", object_id="1")


def test_audit_entries_past_their_period_are_counted_then_deleted_and_logged_as_a_count(personas):
    full_student(personas)
    now_entries = AuditEntry.objects.count()
    assert now_entries > 0
    # Eight years on, by the frozen clock: everything written today is past a 7-year period.
    later = timezone.now() + timedelta(days=8 * 366)
    recent = _entry_at(later - timedelta(days=1))

    dry = purge_apply(kind="audit", now=later, dry_run=True, years=7)
    assert dry.count == now_entries and not dry.applied
    assert AuditEntry.objects.count() == now_entries + 1 and not Purge.objects.exists()

    with mock.patch("django.utils.timezone.now", return_value=later):  # the clock, for the purge's own entry
        done = purge_apply(kind="audit", now=later, dry_run=False, years=7)
    assert done.count == now_entries and done.applied
    left = list(AuditEntry.objects.all())
    assert recent in left
    assert [(e.action, e.model, e.note) for e in left if e != recent] == [
        ("delete", "audit.AuditEntry", f"Retention: {now_entries} rows")
    ]
    line = Purge.objects.get()
    assert (line.kind, line.count, line.at, line.before) == (PurgeKind.AUDIT, now_entries, later, done.cutoff)
    assert "7 years" in line.basis
    # Counts only: the destruction log names no person and no record.
    assert {f.name for f in Purge._meta.get_fields()} == {"id", "at", "kind", "count", "before", "basis"}
    # Nothing more the next day, and no empty line in the log.
    with mock.patch("django.utils.timezone.now", return_value=later + timedelta(days=1)):
        assert purge_apply(kind="audit", now=later + timedelta(days=1), dry_run=False, years=7).count == 0
    assert Purge.objects.count() == 1


def test_with_no_period_set_the_audit_log_and_feedback_text_are_kept_for_ever(personas, settings):
    settings.WARP_RETAIN_AUDIT_YEARS = 0
    settings.WARP_RETAIN_FEEDBACK_TEXT_YEARS = 0
    full_student(personas)
    entries = AuditEntry.objects.count()
    far = timezone.now() + timedelta(days=100 * 366)
    for kind in PurgeKind:
        assert purge_apply(kind=kind, now=far, dry_run=False).count == 0
    assert AuditEntry.objects.count() == entries
    assert Answer.objects.filter(question__kind="text").exclude(text="").exists()
    assert not Purge.objects.exists()


def test_free_text_feedback_past_its_period_is_blanked_and_ratings_stay(personas):
    student, booking = full_student(personas)
    later = timezone.now() + timedelta(days=8 * 366)
    recent = feedback_submit(
        course_run=booking.course_run,
        answers=_answers(),
        source=FeedbackSource.PAPER,
        entered_by=personas["centre_manager"],
        quote_consent=True,
    )
    FeedbackResponse.objects.filter(pk=recent.pk).update(submitted_on=(later - timedelta(days=1)).date())
    old_texts = Answer.objects.filter(question__kind="text", response__student=student).exclude(text="")
    old_count = old_texts.count()
    ratings = list(Answer.objects.filter(rating__isnull=False).values_list("pk", "rating"))
    assert old_count > 0

    dry = purge_apply(kind="feedback_text", now=later, dry_run=True, years=7)
    assert dry.count == old_count and old_texts.count() == old_count

    done = purge_apply(kind="feedback_text", now=later, dry_run=False, years=7)
    assert done.count == old_count
    assert (
        not Answer.objects.filter(question__kind="text", response__student=student).exclude(text="").exists()
    )
    assert not FeedbackResponse.objects.get(student=student).quote_consent
    kept = Answer.objects.filter(question__kind="text", response=recent).exclude(text="")
    assert kept.count() == old_count and FeedbackResponse.objects.get(pk=recent.pk).quote_consent
    assert list(Answer.objects.filter(rating__isnull=False).values_list("pk", "rating")) == ratings
    line = Purge.objects.get()
    assert (line.kind, line.count) == (PurgeKind.FEEDBACK_TEXT, old_count)


def test_command_dry_run_then_apply_for_the_audit_log_and_feedback_text(personas, capsys, settings):
    settings.WARP_RETAIN_AUDIT_YEARS = 6
    settings.WARP_RETAIN_FEEDBACK_TEXT_YEARS = 5
    student, _booking = full_student(personas)
    _entry_at(timezone.now() - timedelta(days=7 * 366))
    FeedbackResponse.objects.filter(student=student).update(submitted_on=LONG_AGO)
    texts = Answer.objects.filter(question__kind="text", response__student=student).exclude(text="").count()

    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert "Would delete 1 audit log entries from before" in out
    assert f"Would blank {texts} free-text feedback answers from before" in out
    assert not Purge.objects.exists()

    call_command("retention", "--apply")
    out = capsys.readouterr().out
    assert "Deleted 1 audit log entries" in out and f"Blanked {texts} free-text feedback answers" in out
    assert sorted(Purge.objects.values_list("kind", "count")) == [("audit", 1), ("feedback_text", texts)]


def test_command_says_what_is_kept_for_ever(personas, capsys, settings):
    settings.WARP_RETAIN_AUDIT_YEARS = 0
    settings.WARP_RETAIN_FEEDBACK_TEXT_YEARS = 0
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert "Kept for ever: audit log entries (WARP_RETAIN_AUDIT_YEARS is 0)." in out
    assert "Kept for ever: free-text feedback answers (WARP_RETAIN_FEEDBACK_TEXT_YEARS is 0)." in out
