"""Permission-checked getters for student records. Views fetch students only through these.

Who sees which student:
- the student themselves (through their own account);
- admissions tutors, centre managers and administrators: every student;
- trainers: only students with a live booking on a course run they co-deliver, never their own record
  (a trainer who is also a student sees that only while acting as a student);
- everyone else (team leads, partnership leads, commissioners): nobody by name.
"""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES
from warp.accounts.models import Role
from warp.students.models import (
    IMPORT_KEPT_FOR,
    LearningPlanReview,
    LearningPlanReviewQuerySet,
    ReviewSecondCoding,
    ReviewSecondCodingQuerySet,
    Student,
    StudentImport,
    StudentQuerySet,
)


def students_visible_to(user) -> StudentQuerySet:
    if not user.is_authenticated or not user.is_active:
        return Student.objects.none()
    if user.role in STUDENT_RECORD_ROLES:
        return Student.objects.all()
    if user.role == Role.TRAINER:
        return (
            Student.objects.filter(
                bookings__course_run__run_trainers__trainer=user, bookings__status="booked"
            )
            .exclude(user=user)
            .distinct()
        )
    if user.role == Role.STUDENT:
        return Student.objects.filter(user=user)
    return Student.objects.none()


def students_listed_for(user) -> StudentQuerySet:
    """The students this person's student list (and the API's) shows: those they may see, less anyone whose
    processing is restricted at their request (warp/privacy) or whose record is erased."""
    return students_visible_to(user).exclude(processing_restriction__isnull=False).not_erased()


def get_student_for(user, pk: int, *, record_page: bool = False) -> Student:
    """The student with this pk if this person may see them; 404 otherwise (never 403: no hint it exists).

    `record_page`: in the same query, whether processing is restricted (`student.restricted`) and, for
    those who manage records, the learning plan and who agreed it (`student.learning_plan`): the record
    page needs them, and three queries' compiling was a good part of its time."""
    students = students_visible_to(user)
    if record_page:
        manages = user.role in STUDENT_RECORD_ROLES
        students = students.for_record_page(with_plan=manages)
    # At most one row: unordered ([:1] rather than first(), whose ORDER BY cost more to build than the query).
    student = next(iter(students.filter(pk=pk).order_by()[:1]), None)
    if student is None:
        raise Http404("No such student")
    return student


def own_student_record(user) -> Student:
    """A signed-in student's own record; 404 for an account with no student record."""
    student = Student.objects.filter(user=user).first()
    if student is None:
        raise Http404("No student record for this account")
    return student


def get_import_for(user, pk: int) -> StudentImport:
    """An uploaded student spreadsheet, for the centre manager or administrator who uploaded it (404 for
    anyone else, and for an upload never imported that is older than a day: it is about to be deleted).

    Its file and stored dry run hold the rows of people who may not be students here yet, so not even
    another manager sees them."""
    if not user.is_authenticated or user.role not in MANAGER_ROLES:
        raise Http404("No such import")
    kept_since = timezone.now() - IMPORT_KEPT_FOR
    found = (
        StudentImport.objects.filter(pk=pk, uploaded_by=user)
        .filter(Q(completed_at__isnull=False) | Q(created_at__gte=kept_since))
        .first()
    )
    if found is None:
        raise Http404("No such import")
    return found


def reviews_visible_to(user) -> LearningPlanReviewQuerySet:
    """Learning Plan Reviews: every one for admissions tutors and managers, a student's own for them."""
    if not user.is_authenticated or not user.is_active:
        return LearningPlanReview.objects.none()
    if user.role in STUDENT_RECORD_ROLES:
        return LearningPlanReview.objects.all()
    if user.role == Role.STUDENT:
        return LearningPlanReview.objects.filter(student__user=user)
    return LearningPlanReview.objects.none()


def get_review_for_coding(user, pk: int) -> LearningPlanReview:
    """A review this person may code (admissions tutors and managers), with its student; 404 otherwise."""
    if not user.is_authenticated or user.role not in STUDENT_RECORD_ROLES:
        raise Http404("No such review")
    review = reviews_visible_to(user).select_related("student").filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    return review


def second_codings_visible_to(user) -> ReviewSecondCodingQuerySet:
    """Second codings of reviews: admissions tutors and managers code and agree them; nobody else sees them."""
    if not user.is_authenticated or not user.is_active or user.role not in STUDENT_RECORD_ROLES:
        return ReviewSecondCoding.objects.none()
    return ReviewSecondCoding.objects.all()


def get_second_coding_for(user, review_pk: int) -> ReviewSecondCoding:
    """The second coding of this review, with the review and its student, if this person may code it; 404
    otherwise (and for a review never drawn for a second coding)."""
    found = (
        second_codings_visible_to(user).select_related("review__student").filter(review_id=review_pk).first()
    )
    if found is None:
        raise Http404("No such review")
    return found
