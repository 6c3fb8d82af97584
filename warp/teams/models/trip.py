from datetime import date

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from warp.core.words import long_date
from warp.teams.models.team import Team

REVIEW_MONTHS = 3


def latest_review_date(held_on: date) -> date:
    """The latest next-review date allowed for a round held on `held_on`: three calendar months on
    (31 May -> 31 August; 30 November -> 28 or 29 February)."""
    return held_on + relativedelta(months=REVIEW_MONTHS)


class TripCriterion(models.Model):
    """One of the Brief TRIP's ten criteria. Seeded by a migration; editable by administrators."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=40, help_text="Shown on the radar chart's axis.")
    description = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class TripScoreKey(models.Model):
    """What each score 0-5 means. Seeded by a migration; editable by administrators."""

    score = models.PositiveSmallIntegerField(unique=True, validators=[MaxValueValidator(5)])
    meaning = models.TextField()

    class Meta:
        ordering = ["score"]

    def __str__(self) -> str:
        return f"{self.score}: {self.meaning}"


class Perspective(models.TextChoices):
    PERSON = "person", "Person who accesses the service"
    CARER = "carer", "Carer or supporter"
    STAFF = "staff", "Staff member"


class TripRound(models.Model):
    """A team benchmarking itself on one date. The team's first round is its baseline."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="trip_rounds")
    held_on = models.DateField("date of the round")
    next_review_on = models.DateField("next review", help_text="At most three months after the round.")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "held_on", "pk"]
        # A team's latest round (reviews due, the teams list) is the first entry of this index.
        indexes = [models.Index(fields=["team", "-held_on", "-id"], name="trip_round_latest")]
        constraints = [
            models.CheckConstraint(
                name="trip_review_after_round", condition=Q(next_review_on__gte=F("held_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} TRIP, {long_date(self.held_on)}"

    def get_absolute_url(self) -> str:
        return reverse("teams:round-detail", args=[self.pk])

    def clean(self) -> None:
        if self.held_on and self.next_review_on:
            latest = latest_review_date(self.held_on)
            if self.next_review_on > latest:
                raise ValidationError(
                    {
                        "next_review_on": (
                            f"The next review must be within three months of the round: "
                            f"choose a date on or before {long_date(latest)}."
                        )
                    }
                )
            if self.next_review_on < self.held_on:
                raise ValidationError({"next_review_on": "The next review must be on or after the round."})


class ResponseSource(models.TextChoices):
    PAPER = "paper", "Paper form typed in"
    LINK = "link", "Rater link"


class TripResponse(models.Model):
    """One person's scores for all ten criteria. Anonymous: only the perspective is kept."""

    round = models.ForeignKey(TripRound, on_delete=models.CASCADE, related_name="responses")
    perspective = models.CharField(max_length=16, choices=Perspective.choices)
    source = models.CharField(max_length=8, choices=ResponseSource.choices, default=ResponseSource.PAPER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.CheckConstraint(
                name="trip_perspective_is_known", condition=Q(perspective__in=Perspective.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_perspective_display()} response to {self.round}"


class TripScore(models.Model):
    response = models.ForeignKey(TripResponse, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(TripCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(name="trip_score_0_to_5", condition=Q(score__gte=0, score__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class RaterLink(models.Model):
    """A single-use link a rater opens without an account. The token is the only key."""

    round = models.ForeignKey(TripRound, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        TripResponse, null=True, blank=True, on_delete=models.SET_NULL, related_name="link"
    )

    class Meta:
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"Rater link for {self.round}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


class FocusArea(models.Model):
    """A criterion the team chose to work on after a round, with its Plan-Do-Study-Act actions."""

    round = models.ForeignKey(TripRound, on_delete=models.CASCADE, related_name="focus_areas")
    criterion = models.ForeignKey(TripCriterion, on_delete=models.PROTECT, related_name="focus_areas")
    aim = models.TextField("what we want to change", blank=True)

    class Meta:
        ordering = ["round", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "criterion"], name="one_focus_area_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name} ({self.round})"

    def get_absolute_url(self) -> str:
        return reverse("teams:focus-detail", args=[self.pk])


class PdsaState(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


class PdsaAction(models.Model):
    """One action in a focus area's Plan-Do-Study-Act cycle."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=120, help_text="Who is taking this forward.")
    due_on = models.DateField("due date")
    state = models.CharField(max_length=16, choices=PdsaState.choices, default=PdsaState.PLANNED)
    plan = models.TextField("plan: what we will try and what we expect", blank=True)
    do = models.TextField("do: what happened", blank=True)
    study = models.TextField("study: what we learned", blank=True)
    act = models.TextField("act: what we will keep, change or drop", blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="pdsa_state_is_known", condition=Q(state__in=PdsaState.values)),
        ]

    def __str__(self) -> str:
        return self.title
