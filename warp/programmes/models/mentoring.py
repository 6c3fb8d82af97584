"""Lived-experience mentoring: mentors with lived experience paired with mentees (for example
psychiatrists), their meetings (date and length only) and an evaluation at the end of each pairing."""

from django.db import models
from django.db.models import F, Q


class _Person(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    role = models.CharField(
        max_length=200, blank=True, help_text="Their job or role, for example consultant psychiatrist."
    )

    class Meta:
        abstract = True
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Mentor(_Person):
    """Someone who mentors from their own lived experience."""


class Mentee(_Person):
    """Someone being mentored."""


class Pairing(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="pairings")
    mentee = models.ForeignKey(Mentee, on_delete=models.PROTECT, related_name="pairings")
    started_on = models.DateField("Started")
    ended_on = models.DateField("Ended", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="pairing_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} and {self.mentee}"


class MentoringMeeting(models.Model):
    """That a meeting took place and how long it lasted; what was said is never recorded."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("Date")
    minutes = models.PositiveSmallIntegerField("Length in minutes")

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="meeting_length_is_sensible", condition=Q(minutes__gte=5, minutes__lte=600)
            )
        ]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on}"


class QuestionKind(models.TextChoices):
    SCORE = "score", "A score from 1 to 5"
    WORDS = "words", "In their own words"


class EvaluationQuestion(models.Model):
    """One question of the end-of-pairing evaluation: editable data, seeded with a short set."""

    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(name="question_kind_is_known", condition=Q(kind__in=QuestionKind.values))
        ]

    def __str__(self) -> str:
        return self.text


class PairingEvaluationQuerySet(models.QuerySet["PairingEvaluation"]):
    def quotable(self) -> "PairingEvaluationQuerySet":
        """The evaluations whose mentee agreed to be quoted (the quote library reads their words)."""
        return self.filter(consent_to_quote=True)


class PairingEvaluation(models.Model):
    """The mentee's evaluation at the end of a pairing."""

    pairing = models.OneToOneField(Pairing, on_delete=models.CASCADE, related_name="evaluation")
    given_on = models.DateField("Date")
    consent_to_quote = models.BooleanField("Happy to be quoted without their name", default=False)

    objects = PairingEvaluationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Evaluation of {self.pairing}"


class EvaluationAnswer(models.Model):
    evaluation = models.ForeignKey(PairingEvaluation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(EvaluationQuestion, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "question"], name="one_evaluation_answer_per_question"
            ),
            models.CheckConstraint(
                name="evaluation_score_one_to_five",
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"
