"""Read side of feedback: which runs are ready for it, and each run's summary, computed in the database."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from warp.bookings.models import BookingStatus
from warp.feedback.models import Answer, FeedbackResponse, QuestionKind, WouldAttendAgain
from warp.prospectus.models import CourseRun, Session


def _last_session() -> Subquery:
    return Subquery(Session.objects.filter(course_run=OuterRef("pk")).order_by("-date").values("date")[:1])


def last_session_date(course_run: CourseRun) -> date | None:
    return (
        Session.objects.filter(course_run=course_run).order_by("-date").values_list("date", flat=True).first()
    )


def runs_awaiting_feedback(student, today: date) -> QuerySet[CourseRun]:
    """Runs the student had a place on, whose last session has started, with no feedback from them yet."""
    return (
        CourseRun.objects.filter(bookings__student=student, bookings__status=BookingStatus.BOOKED)
        .annotate(last_session_on=_last_session())
        .filter(last_session_on__lte=today)
        .exclude(feedback_responses__student=student)
        .select_related("course", "term")
        .order_by("-last_session_on", "pk")
    )


def runs_with_feedback_counts(runs: QuerySet[CourseRun], today: date) -> QuerySet[CourseRun]:
    """Runs whose last session has started, newest first, each with its number of responses."""
    responses = (
        FeedbackResponse.objects.filter(course_run=OuterRef("pk"))
        .order_by()
        .values("course_run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        runs.annotate(
            last_session_on=_last_session(),
            responses=Coalesce(Subquery(responses, output_field=IntegerField()), Value(0)),
        )
        .filter(last_session_on__lte=today)
        .select_related("course", "term")
        .order_by("-last_session_on", "course__title", "pk")
    )


@dataclass(frozen=True)
class Comment:
    question: str
    text: str
    quote_consent: bool
    submitted_on: date


@dataclass
class RunSummary:
    responses: int
    answered_would_attend_again: int
    would_attend_again_yes: int
    rated: int
    average_rating: float | None
    comments: list[Comment] = field(default_factory=list)

    @property
    def would_attend_again_percent(self) -> float | None:
        """Of the responses that answered the question, the share that said yes (one decimal)."""
        if not self.answered_would_attend_again:
            return None
        return round(100 * self.would_attend_again_yes / self.answered_would_attend_again, 1)


def written_answers(course_run: CourseRun) -> list[Comment]:
    """One query: every written answer on the run's feedback, question by question, oldest first."""
    return [
        Comment(
            question=row["question__text"],
            text=row["text"],
            quote_consent=row["response__quote_consent"],
            submitted_on=row["response__submitted_on"],
        )
        for row in Answer.objects.filter(response__course_run=course_run, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("question__order", "question_id", "response__submitted_on", "pk")
        .values("question__text", "text", "response__quote_consent", "response__submitted_on")
    ]


def run_summary(course_run: CourseRun) -> RunSummary:
    """Two queries whatever the number of responses: one aggregate, one for the written answers."""
    totals = FeedbackResponse.objects.filter(course_run=course_run).aggregate(
        responses=Count("pk"),
        answered=Count("pk", filter=~Q(would_attend_again=WouldAttendAgain.BLANK)),
        yes=Count("pk", filter=Q(would_attend_again=WouldAttendAgain.YES)),
        rated=Count("rating"),
        average=Avg("rating"),
    )
    comments = written_answers(course_run)
    average = totals["average"]
    return RunSummary(
        responses=totals["responses"],
        answered_would_attend_again=totals["answered"],
        would_attend_again_yes=totals["yes"],
        rated=totals["rated"],
        average_rating=None if average is None else round(float(average), 1),
        comments=comments,
    )
