"""The partnership's strategy: the ten ImROC organisational challenges and the actions under each."""

from django.db import models
from django.db.models import F, Q


class Challenge(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    in_practice = models.TextField("what it means in practice")

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ActionState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    ON_HOLD = "on_hold", "On hold"


class ChallengeAction(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.CharField(max_length=120)
    state = models.CharField(max_length=16, choices=ActionState.choices, default=ActionState.NOT_STARTED)
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["challenge__number", "pk"]
        constraints = [
            models.CheckConstraint(
                name="challenge_action_state_is_known", condition=Q(state__in=ActionState.values)
            ),
            models.CheckConstraint(
                name="challenge_action_due_after_start",
                condition=Q(starts_on__isnull=True) | Q(due_on__isnull=True) | Q(due_on__gte=F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.title
