"""The staff lived-experience network ("Hidden Talents").

Membership is a disclosure: that a member of staff has lived experience. Only the network's coordinators
(given by an administrator) see who is a member; everyone else sees counts. A member who leaves is
deleted, leaving only the count of people who have left."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Network(models.Model):
    name = models.CharField(max_length=120, unique=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_networks", blank=True
    )
    guidance = models.TextField(
        "Guidance on safe disclosure",
        blank=True,
        help_text="What members may want to think about before telling colleagues about their experience.",
    )
    left_count = models.PositiveIntegerField(default=0, help_text="How many members have left, in all.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_on = models.DateField()

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="one_membership_each")]

    def __str__(self) -> str:
        return f"Membership {self.pk}"


class NetworkMeeting(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("Date")
    attendance = models.PositiveSmallIntegerField("How many came")

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on}"


class ActionState(models.TextChoices):
    TO_DO = "to_do", "To do"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"


class NetworkAction(models.Model):
    """One action of the network's action plan."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.CharField(
        max_length=200, help_text="Who is taking it forward, for example the coordinators."
    )
    state = models.CharField(max_length=12, choices=ActionState.choices, default=ActionState.TO_DO)

    class Meta:
        ordering = ["state", "pk"]
        constraints = [
            models.CheckConstraint(
                name="network_action_state_is_known", condition=Q(state__in=ActionState.values)
            )
        ]

    def __str__(self) -> str:
        return self.action


class BuddyPair(models.Model):
    """Two members paired as buddies: seen only by the two of them and the coordinators. Goes when either
    member leaves."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="buddy_pairs")
    first = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    paired_on = models.DateField()

    class Meta:
        ordering = ["paired_on", "pk"]
        constraints = [
            models.CheckConstraint(name="buddies_are_two_people", condition=~Q(first=F("second"))),
        ]

    def __str__(self) -> str:
        return f"Buddy pair {self.pk}"
