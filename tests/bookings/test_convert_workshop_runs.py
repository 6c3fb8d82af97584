"""`warp manage convert_workshop_runs`: course runs labelled skills workshops (from before workshops were
kept on their own) become workshops held, one per session, with the register's headcount and no names;
it shows what it would do until --apply, never converts twice, and the evaluation then counts them as
workshops, not as "Other" courses."""

from datetime import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.evaluation.test_courses_and_feedback_sections import A, P, _book_and_mark
from tests.factories import make_course, make_run, make_venue
from tests.outreach.factories import hold, make_workshop
from tests.teams.factories import make_team
from warp.bookings.models import Attendance
from warp.bookings.services import workshop_runs_convert
from warp.evaluation.queries import evaluation_report
from warp.outreach.models import HeldWorkshop, Workshop
from warp.prospectus.models import Course, Level
from warp.teams.models import Team, TeamKind

pytestmark = pytest.mark.django_db


def _labelled_workshop(title, *, venue, marks, session_days=(-20, -6), ends_at=time(10, 40), trainer=None):
    """A run booked and marked as a course, then its course labelled a skills workshop, as runs were."""
    run = make_run(
        course=make_course(title, summary=f"{title}: a short ward workshop."),
        venue=venue,
        session_days=session_days,
        starts_at=time(10, 0),
        ends_at=ends_at,
    )
    _book_and_mark(run, marks, trainer)
    Course.objects.filter(pk=run.course_id).update(level=Level.SKILLS_WORKSHOP)
    return run


@pytest.fixture
def labelled(personas):
    trainer = personas["peer_trainer"]
    hillside = make_venue(name="Hillside Ward")
    return {
        "run": _labelled_workshop(
            "Self-Discovery", venue=hillside, marks=[[P, P], [P, A], [A, P], [None, P]], trainer=trainer
        ),
        "trainer": trainer,
        "hillside": hillside,
    }


def _command(*args) -> str:
    out = StringIO()
    call_command("convert_workshop_runs", *args, stdout=out)
    return out.getvalue()


def test_by_default_it_shows_what_would_change_and_changes_nothing(labelled):
    out = _command()
    run = labelled["run"]
    first, last = run.sessions.order_by("date")
    assert f"Would convert: Self-Discovery, {run.term.name} (run {run.pk}), into 2 workshops held" in out
    assert f"{first.date.day} {first.date:%B %Y}, Hillside Ward: 40 minutes, 2 people came" in out
    assert f"{last.date.day} {last.date:%B %Y}, Hillside Ward: 40 minutes, 3 people came" in out
    assert "run again with --apply" in out
    assert not HeldWorkshop.objects.exists() and not Workshop.objects.exists()
    assert not Team.objects.filter(name="Hillside Ward").exists()


def test_apply_makes_one_workshop_held_per_session_with_the_registers_headcount_and_no_names(labelled):
    run = labelled["run"]
    out = _command("--apply")
    assert "Done: 1 course run converted into 2 workshops held" in out
    first, last = run.sessions.order_by("date")
    held = list(HeldWorkshop.objects.order_by("held_on"))
    assert [(h.held_on, h.minutes, h.attendees, h.converted_from_id) for h in held] == [
        (first.date, 40, 2, first.pk),
        (last.date, 40, 3, last.pk),
    ]
    ward = Team.objects.get(name="Hillside Ward")
    assert (ward.kind, ward.is_imported) == (TeamKind.INPATIENT_WARD, True)
    workshop = Workshop.objects.get()
    assert (workshop.title, workshop.aims, workshop.is_imported) == (
        "Self-Discovery",
        "Self-Discovery: a short ward workshop.",
        True,
    )
    # The run's peer and professional trainers facilitated; nobody who came is named anywhere.
    assert [(h.peer_facilitators, h.clinical_facilitators) for h in held] == [(1, 1), (1, 1)]
    assert all(h.is_co_facilitated for h in held)
    names = {f"{a.booking.student.first_name}" for a in Attendance.objects.select_related("booking__student")}
    for h in held:
        assert not any(name in h.facilitated_by for name in names)
    # The run and its register stay as they were.
    assert Attendance.objects.filter(session__course_run=run).count() == 7


def test_running_it_again_converts_nothing_twice(labelled):
    _command("--apply")
    again = _command("--apply")
    assert "Already converted before: 1 course run." in again
    assert "Nothing to convert" in again
    assert HeldWorkshop.objects.count() == 2 and Workshop.objects.count() == 1
    assert Team.objects.filter(name="Hillside Ward").count() == 1


def test_a_session_already_recorded_as_a_workshop_is_noted_not_recorded_twice(labelled):
    run = labelled["run"]
    first = run.sessions.order_by("date").first()
    ward = make_team(name="hillside ward")  # typed with other capitals: the same ward
    typed = hold(ward, workshop=make_workshop("Self-Discovery"), held_on=first.date, minutes=40, attendees=5)

    out = _command("--apply")

    assert "converted into 1 workshop held (1 already recorded, now noted as those sessions)" in out
    typed.refresh_from_db()
    assert (typed.converted_from_id, typed.attendees) == (first.pk, 5)  # what the ward recorded stands
    assert (
        HeldWorkshop.objects.count() == 2 and Team.objects.filter(name__iexact="hillside ward").count() == 1
    )


def test_a_run_with_a_session_too_long_or_with_no_venue_is_left_whole_with_the_reason(labelled, personas):
    long_run = _labelled_workshop(
        "Ward Community Meeting", venue=labelled["hillside"], marks=[[P, P]], ends_at=time(11, 0)
    )
    online = make_run(
        course=make_course("Online Skills"), online=True, session_days=(-5,), ends_at=time(10, 30)
    )
    Course.objects.filter(pk=online.course_id).update(level=Level.SKILLS_WORKSHOP)

    out = _command("--apply")

    assert f"Left as it is: Ward Community Meeting, {long_run.term.name} (run {long_run.pk})." in out
    assert "lasted 60 minutes, and a skills workshop lasts at most 45" in out
    assert f"Left as it is: Online Skills, {online.term.name} (run {online.pk})." in out
    assert "has no venue" in out
    assert "Done: 1 course run converted into 2 workshops held; 2 left as they are." in out
    assert set(HeldWorkshop.objects.values_list("workshop__title", flat=True)) == {"Self-Discovery"}


def test_the_evaluation_counts_a_converted_run_as_workshops_and_not_as_other_courses(labelled):
    today = timezone.localdate()
    start = today.replace(year=today.year - 1)

    def figures():
        report = evaluation_report(start=start, end=today)
        other = next(row for row in report.courses.by_level if row.label == "Other")
        return other.booked, report.courses.runs, report.workshops.sessions, report.workshops.attendances

    assert figures() == (4, 1, 0, 0)
    workshop_runs_convert(apply=True)
    assert figures() == (0, 0, 2, 5)
