"""Feedback after a course run: the editable question set, each response with its answers, and links.

Each response also keeps its two headline answers (would attend again, overall rating) as columns, so
reports count them in the database without joining the answers; feedback/services.py keeps both in step.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from warp.core.words import short_date


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Choose one option"
    RATING = "rating", "Rating from 1 to 5"
    TEXT = "text", "Free text"


# The codes of the standard questions that the response's headline columns mirror.
WOULD_ATTEND_AGAIN = "would_attend_again"
RATING = "rating"
HELPED = "helped"
COULD_BE_BETTER = "could_be_better"
CO_DELIVERY = "co_delivery"


class FeedbackQuestion(models.Model):
    """One question on the feedback form. Centres add their own in the admin."""

    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short stable name, e.g. venue_access. It cannot be changed once answers exist.",
    )
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    choices = models.TextField(
        blank=True,
        help_text="For 'choose one option' questions only: one option per line, as value: label "
        "(for example  not_sure: Not sure).",
    )
    help_text = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True, help_text="Untick to stop asking it on new forms.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def options(self) -> list[tuple[str, str]]:
        """The (value, label) pairs of a choice question, in the order written."""
        pairs = []
        for line in self.choices.splitlines():
            if not line.strip():
                continue
            value, _, label = line.partition(":")
            value = value.strip()
            pairs.append((value, label.strip() or value))
        return pairs

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE:
            options = self.options()
            if len(options) < 2:
                raise ValidationError({"choices": "Write at least two options, one per line."})
            values = [value for value, _ in options]
            if len(set(values)) != len(values):
                raise ValidationError({"choices": "Each option needs its own value before the colon."})
        elif self.choices.strip():
            raise ValidationError({"choices": "Only 'choose one option' questions have options."})


class FeedbackSource(models.TextChoices):
    PORTAL = "portal", "Given by the student in their portal"
    LINK = "link", "Given anonymously through a link"
    PAPER = "paper", "Typed in from a paper form"


class WouldAttendAgain(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"
    BLANK = "", "Not answered"


class FeedbackLink(models.Model):
    """An anonymous way in for one run: a random token that can be used a set number of times."""

    course_run = models.ForeignKey(
        "prospectus.CourseRun", on_delete=models.CASCADE, related_name="feedback_links"
    )
    token = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True, help_text="For you, e.g. 'printed sheet'.")
    uses_allowed = models.PositiveSmallIntegerField(default=1)
    uses_made = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="feedback_link_never_over_used", condition=Q(uses_made__lte=F("uses_allowed"))
            ),
            models.CheckConstraint(name="feedback_link_has_a_use", condition=Q(uses_allowed__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Feedback link for {self.course_run} ({self.uses_left} of {self.uses_allowed} left)"

    @property
    def uses_left(self) -> int:
        return max(self.uses_allowed - self.uses_made, 0)


class FeedbackResponseQuerySet(models.QuerySet["FeedbackResponse"]):
    def quotable(self):
        """Responses whose words may be quoted: the person ticked the consent box."""
        return self.filter(quote_consent=True)


class FeedbackResponse(models.Model):
    """One completed feedback form for a course run. Create only through feedback_submit()."""

    course_run = models.ForeignKey(
        "prospectus.CourseRun", on_delete=models.PROTECT, related_name="feedback_responses"
    )
    student = models.ForeignKey(
        "students.Student",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_responses",
        # SET_NULL: erasing a student keeps their feedback, anonymous. The service requires a student
        # for portal feedback when it is given.
        help_text="Only for feedback given in the student's portal; anonymous and paper forms have none.",
    )
    source = models.CharField(max_length=16, choices=FeedbackSource.choices)
    link = models.ForeignKey(
        FeedbackLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    submitted_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quote_consent = models.BooleanField(
        default=False, help_text="They agreed that their words may be quoted, without their name."
    )
    would_attend_again = models.CharField(
        max_length=16, choices=WouldAttendAgain.choices, blank=True, default=WouldAttendAgain.BLANK
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    is_historic = models.BooleanField(default=False, help_text="Imported from old records.")
    import_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="For imported history: a fingerprint of the row, so a file imported twice adds nothing.",
    )

    objects = FeedbackResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_run", "student"],
                condition=Q(student__isnull=False),
                name="one_feedback_per_student_per_run",
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=Q(is_historic=True) & ~Q(import_key=""),
                name="one_historic_feedback_per_import_key",
            ),
            models.CheckConstraint(
                name="feedback_rating_from_1_to_5",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
            models.CheckConstraint(
                name="feedback_would_attend_again_is_known",
                condition=Q(would_attend_again__in=[c.value for c in WouldAttendAgain]),
            ),
            models.CheckConstraint(
                name="anonymous_and_paper_feedback_have_no_student",
                condition=Q(source="portal") | Q(student__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["submitted_on"], name="feedback_submitted_on")]

    def __str__(self) -> str:
        return f"Feedback on {self.course_run} ({short_date(self.submitted_on)})"


class Answer(models.Model):
    """One answer on a response: text (choice value or free text) or a rating."""

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                name="answer_rating_from_1_to_5",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.rating if self.rating is not None else self.text}"
