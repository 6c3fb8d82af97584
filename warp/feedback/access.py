"""Who may reach which course run's feedback pages. Views fetch runs and links only through these.

- centre managers and administrators: every run (summary, links, paper forms);
- admissions tutors: every run, for typing in paper forms only;
- trainers: only the runs they co-deliver (summary, links, paper forms);
- students: only runs they had a place on, for their own feedback;
- team leads, partnership leads and commissioners: no feedback pages at all (the views say 403).
"""

from django.db.models import QuerySet
from django.http import Http404

from warp.accounts.access import MANAGER_ROLES
from warp.accounts.models import Role
from warp.bookings.models import BookingStatus
from warp.feedback.models import FeedbackLink
from warp.prospectus.models import CourseRun
from warp.students.access import own_student_record
from warp.students.models import Student

# Roles that use the staff feedback pages at all; each view narrows this further.
SUMMARY_ROLES = (*MANAGER_ROLES, Role.TRAINER)
LINK_ROLES = SUMMARY_ROLES
PAPER_ROLES = (*MANAGER_ROLES, Role.ADMISSIONS_TUTOR, Role.TRAINER)


def _runs_for(user, all_runs_roles) -> QuerySet[CourseRun]:
    if not user.is_authenticated or not user.is_active:
        return CourseRun.objects.none()
    if user.role in all_runs_roles:
        return CourseRun.objects.all()
    if user.role == Role.TRAINER:
        return CourseRun.objects.filter(run_trainers__trainer=user)
    return CourseRun.objects.none()


def runs_for_paper_entry(user) -> QuerySet[CourseRun]:
    return _runs_for(user, (*MANAGER_ROLES, Role.ADMISSIONS_TUTOR))


def runs_for_summary(user) -> QuerySet[CourseRun]:
    return _runs_for(user, MANAGER_ROLES)


def _get(runs: QuerySet[CourseRun], pk: int) -> CourseRun:
    run = runs.select_related("course", "term").filter(pk=pk).first()
    if run is None:
        raise Http404("No such course run")
    return run


def get_run_for_summary(user, pk: int) -> CourseRun:
    return _get(runs_for_summary(user), pk)


def get_run_for_links(user, pk: int) -> CourseRun:
    return _get(runs_for_summary(user), pk)


def get_run_for_paper_entry(user, pk: int) -> CourseRun:
    return _get(runs_for_paper_entry(user), pk)


def get_run_for_student(user, pk: int) -> tuple[Student, CourseRun]:
    """The signed-in student's record and a run they had a place on; 404 for any other run."""
    student = own_student_record(user)
    runs = CourseRun.objects.filter(bookings__student=student, bookings__status=BookingStatus.BOOKED)
    return student, _get(runs, pk)


def find_link(token: str) -> FeedbackLink | None:
    """Anyone holding the token may use the link; it names nobody."""
    return (
        FeedbackLink.objects.select_related("course_run__course", "course_run__term")
        .filter(token=token)
        .first()
    )


def get_link_for(user, run_pk: int, link_pk: int) -> tuple[CourseRun, FeedbackLink]:
    """A link of a run the person may make links for; 404 for any other run's link."""
    run = get_run_for_links(user, run_pk)
    link = FeedbackLink.objects.filter(pk=link_pk, course_run=run).first()
    if link is None:
        raise Http404("No such feedback link")
    return run, link
