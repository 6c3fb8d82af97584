"""What people do with feedback: give it (three ways in) and make anonymous links for a run."""

import secrets
from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from warp.accounts.models import User
from warp.bookings.models import Booking, BookingStatus
from warp.feedback.models import (
    RATING,
    WOULD_ATTEND_AGAIN,
    Answer,
    FeedbackLink,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSource,
    QuestionKind,
)
from warp.feedback.queries import last_session_date
from warp.prospectus.models import CourseRun
from warp.students.models import Student

AnswerValue = str | int | None
MAX_LINK_USES = 500


class FeedbackRefused(ValidationError):
    """Feedback that cannot be taken; the message says so kindly and says what to do instead."""


class TooEarly(FeedbackRefused):
    pass


class AlreadyGiven(FeedbackRefused):
    pass


class NotBooked(FeedbackRefused):
    pass


class LinkUsedUp(FeedbackRefused):
    pass


def _clean_answers(
    answers: Mapping[str, AnswerValue], questions: dict[str, FeedbackQuestion]
) -> list[tuple[FeedbackQuestion, str, int | None]]:
    """Check each answer against its question; blank answers are left out."""
    cleaned: list[tuple[FeedbackQuestion, str, int | None]] = []
    errors: dict[str, str] = {}
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            errors[code] = f"There is no feedback question called {code!r}."
            continue
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        if question.kind == QuestionKind.RATING:
            if text not in {"1", "2", "3", "4", "5"}:
                errors[code] = "Choose a rating from 1 to 5."
                continue
            cleaned.append((question, "", int(text)))
        elif question.kind == QuestionKind.CHOICE:
            if text not in {option for option, _ in question.options()}:
                errors[code] = "Choose one of the options given."
                continue
            cleaned.append((question, text, None))
        else:
            cleaned.append((question, text, None))
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError("Please answer at least one question, then send the form.")
    return cleaned


def _check_portal_feedback(*, course_run: CourseRun, student: Student, today: date) -> None:
    if not Booking.objects.filter(
        student=student, course_run=course_run, status=BookingStatus.BOOKED
    ).exists():
        raise NotBooked("Feedback in your portal is for courses you had a place on.")
    last = last_session_date(course_run)
    if last is None or last > today:
        raise TooEarly(
            "Thank you for wanting to tell us how it went. The form opens on the day of the last "
            "session, so you can tell us about the whole course."
        )
    if FeedbackResponse.objects.filter(course_run=course_run, student=student).exists():
        raise AlreadyGiven("You have already given feedback for this course. Thank you, it helps us a lot.")


def _use_link(*, link: FeedbackLink, course_run: CourseRun) -> None:
    """Take one use of the link. The row lock means two people can never take its last use together."""
    locked = FeedbackLink.objects.select_for_update().get(pk=link.pk)
    if locked.course_run_id != course_run.pk:
        raise ValidationError("This link belongs to a different course.")
    if locked.uses_made >= locked.uses_allowed:
        raise LinkUsedUp(
            "This feedback link has already been used as many times as it allows. "
            "Please ask your trainers for a new one."
        )
    FeedbackLink.objects.filter(pk=locked.pk).update(uses_made=F("uses_made") + 1)
    link.uses_made = locked.uses_made + 1


@transaction.atomic
def feedback_submit(
    *,
    course_run: CourseRun,
    answers: Mapping[str, AnswerValue],
    source: str,
    student: Student | None = None,
    entered_by: User | None = None,
    quote_consent: bool,
    submitted_on: date | None = None,
    link: FeedbackLink | None = None,
) -> FeedbackResponse:
    """Store one feedback form and its answers, keeping the headline columns in step with the answers.

    answers maps question codes to values: an option value for choice questions, 1-5 for ratings,
    text for free text. Blank answers are skipped; at least one answer is needed.
    - portal: the student must have been booked on the run, its last session must have started, and
      they may give feedback once (AlreadyGiven, TooEarly, NotBooked otherwise);
    - link: takes one use of the link under a row lock (LinkUsedUp when none are left); no student;
    - paper: typed in by staff (entered_by); no student.
    """
    today = timezone.localdate()
    submitted_on = submitted_on or today
    if submitted_on > today:
        raise ValidationError({"submitted_on": "The date cannot be in the future."})
    if source == FeedbackSource.PORTAL:
        if student is None:
            raise ValidationError("Feedback in the portal needs the student who gave it.")
    elif student is not None:
        raise ValidationError("Anonymous and paper feedback are not linked to a student.")
    if source == FeedbackSource.LINK and link is None:
        raise ValidationError("Anonymous feedback needs the link it came through.")
    if source == FeedbackSource.PAPER and entered_by is None:
        raise ValidationError("Paper feedback needs the person who typed it in.")

    questions = {q.code: q for q in FeedbackQuestion.objects.filter(code__in=list(answers))}
    cleaned = _clean_answers(answers, questions)
    if source == FeedbackSource.PORTAL:
        assert student is not None
        _check_portal_feedback(course_run=course_run, student=student, today=today)
    if source == FeedbackSource.LINK:
        assert link is not None
        _use_link(link=link, course_run=course_run)

    by_code = {question.code: (text, rating) for question, text, rating in cleaned}
    response = FeedbackResponse(
        course_run=course_run,
        student=student,
        source=source,
        link=link if source == FeedbackSource.LINK else None,
        submitted_on=submitted_on,
        entered_by=entered_by,
        quote_consent=quote_consent,
        would_attend_again=by_code.get(WOULD_ATTEND_AGAIN, ("", None))[0],
        rating=by_code.get(RATING, ("", None))[1],
    )
    # Uniqueness is left to the database constraint, which also settles two tabs sending at once.
    response.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise AlreadyGiven(
            "You have already given feedback for this course. Thank you, it helps us a lot."
        ) from exc
    Answer.objects.bulk_create(
        [Answer(response=response, question=q, text=text, rating=rating) for q, text, rating in cleaned]
    )
    return response


@transaction.atomic
def feedback_link_create(
    *, course_run: CourseRun, created_by: User | None, uses_allowed: int = 1, label: str = ""
) -> FeedbackLink:
    """A new anonymous link for the run, with a random token that cannot be guessed."""
    if not 1 <= uses_allowed <= MAX_LINK_USES:
        raise ValidationError({"uses_allowed": f"Choose a number of uses from 1 to {MAX_LINK_USES}."})
    link = FeedbackLink(
        course_run=course_run,
        token=secrets.token_urlsafe(16),
        uses_allowed=uses_allowed,
        label=label.strip(),
        created_by=created_by,
    )
    link.full_clean()
    link.save()
    return link
