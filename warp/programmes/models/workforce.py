"""The peer workforce: peer roles, the people in them (staff records), placements in teams, training and
supervision. No student record is involved: a peer worker is a member of staff."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class PeerRole(models.Model):
    """A kind of peer post: peer specialist, peer support worker, peer trainer, peer carer..."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PeerWorker(models.Model):
    """A person working in a peer role: a staff record, optionally linked to their WaRP sign-in."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="A work email address, if they have one.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_worker_records",
        verbose_name="Their sign-in",
        help_text="Only if they sign in here themselves.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PlacementQuerySet(models.QuerySet["Placement"]):
    def current(self, on: date) -> "PlacementQuerySet":
        """Placements in post on this day (started by then, not yet ended)."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class Placement(models.Model):
    """A peer worker's post in a team, in one peer role, from a date (and to one, once it ends)."""

    worker = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="placements")
    # Teams sits on a lower floor: it reads a team's peer workers through this reverse relation.
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="peer_placements")
    role = models.ForeignKey(PeerRole, on_delete=models.PROTECT, related_name="placements")
    started_on = models.DateField("Started")
    ended_on = models.DateField("Ended", null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placement_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} ({self.role}, {self.team})"


class Training(models.Model):
    """A course a peer worker took towards their role, and whether they passed (accreditation)."""

    worker = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(max_length=200)
    taken_on = models.DateField("Date")
    passed = models.BooleanField(default=False)
    accreditation = models.CharField(
        max_length=200, blank=True, help_text="The award or certificate, if the course gives one."
    )

    class Meta:
        ordering = ["-taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course} ({self.taken_on})"


class Supervision(models.Model):
    """That a supervision session took place, and with whom. What was said is never recorded here."""

    worker = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="supervisions")
    held_on = models.DateField("Date")
    supervisor = models.CharField(max_length=200)

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on}"
