"""Permission-checked getters for bookings and registers. Views fetch these records only through here.

- a student: only their own bookings;
- admissions tutors, centre managers and administrators: every booking;
- a trainer: the sessions (and so the registers) of runs they co-deliver;
- managers and administrators: every register.
Anything else is 404, so a record's existence is never revealed.
"""

from django.http import Http404

from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES
from warp.accounts.models import Role
from warp.bookings.models import Booking, CalendarFeed, Referral
from warp.prospectus.models import CourseRun, Level, Session
from warp.students.access import own_student_record
from warp.students.models import Student
from warp.teams.models import Team


def get_booking_for(user, pk: int) -> Booking:
    bookings = Booking.objects.select_related("student", "course_run__course", "course_run__term")
    if user.role in STUDENT_RECORD_ROLES:
        booking = bookings.filter(pk=pk).first()
    elif user.role == Role.STUDENT:
        booking = bookings.filter(pk=pk, student=own_student_record(user)).first()
    else:
        booking = None
    if booking is None:
        raise Http404("No such booking")
    return booking


def get_register_session_for(user, pk: int) -> Session:
    """A session whose register this person may take: trainers only on runs they co-deliver."""
    # Unordered: one session at most matches (a trainer is on a run once), and on PostgreSQL planning the
    # six-table join with the sessions' default ordering took longer than running it.
    # The register shows the course, the venue and the times; not the term.
    sessions = Session.objects.select_related("course_run__course", "venue").order_by()
    if user.role in MANAGER_ROLES:
        session = next(iter(sessions.filter(pk=pk)[:1]), None)
    elif user.role == Role.TRAINER:
        session = next(iter(sessions.filter(pk=pk, course_run__run_trainers__trainer=user)[:1]), None)
    else:
        session = None
    if session is None:
        raise Http404("No such session")
    return session


def get_live_feed(token: str) -> CalendarFeed:
    feed = CalendarFeed.objects.select_related("student").filter(token=token, revoked_at__isnull=True).first()
    if feed is None:
        raise Http404("No such calendar")
    return feed


def get_walk_in_student(user, session: Session, registration_number: str, last_name: str) -> Student | None:
    """The student a trainer or manager names by registration number and last name, to add to this
    session's register.

    Only for someone who may take this register (get_register_session_for first). Both must match (case
    and spaces aside), so a guessed or mistyped number never puts someone else's name on the page or a
    stranger on the register. None when nobody matches both; erased students are never found."""
    get_register_session_for(user, session.pk)
    return (
        Student.objects.not_erased()
        .filter(
            registration_number__iexact=registration_number.strip(),
            last_name__iexact=" ".join(last_name.split()),
        )
        .first()
    )


def get_cohort_run_for_trainer_feedback(user, pk: int) -> CourseRun:
    """An intensive run (a closed cohort) whose trainer feedback this person may write and read: managers
    and administrators every one, trainers only the runs they co-deliver."""
    runs = CourseRun.objects.select_related("course").filter(pk=pk, course__level=Level.INTENSIVE).order_by()
    if user.role in MANAGER_ROLES:
        run = runs.first()
    elif user.role == Role.TRAINER:
        run = runs.filter(run_trainers__trainer=user).first()
    else:
        run = None
    if run is None:
        raise Http404("No such intensive course run")
    return run


def get_referring_team_for(user, pk: int) -> Team:
    """A team whose referrals' progress this person may see: only a team lead, only a team they lead."""
    team = Team.objects.filter(pk=pk, leads=user).first() if user.role == Role.TEAM_LEAD else None
    if team is None:
        raise Http404("No such team")
    return team


def get_referral_for_team_feedback(user, pk: int) -> Referral:
    """A referral whose feedback this person may write: only a lead of the team that referred them, and
    only while the person agrees the team may tell the centre how the course went for them."""
    referral = None
    if user.role == Role.TEAM_LEAD:
        referral = (
            Referral.objects.select_related("student", "course_run__course", "referring_team")
            .filter(pk=pk, referring_team__leads=user, team_feedback_consent=True)
            .first()
        )
    if referral is None:
        raise Http404("No such referral")
    return referral
