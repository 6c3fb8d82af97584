"""Recovery Skills Workshops and other activities: counted by headcount, never by name.

A workshop in the library is short (at most 45 minutes) and co-produced by clinicians and peer specialists,
with its handouts and exercises kept as files. A workshop held is one delivery of it on a ward or in a
crisis service (a team from the teams app): the people who came are counted, not named, because they are
usually not registered students. The same date, setting, workshop and minutes are the same workshop held,
which keeps `warp import workshops` idempotent and stops the same session being typed in twice.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from warp.teams.models import Team

MAX_WORKSHOP_MINUTES = 45
MAX_HANDOUT_BYTES = 5 * 1024 * 1024
TOO_LONG = (
    "A skills workshop lasts at most 45 minutes, so it fits the time people on a ward or in a crisis "
    "service can give. Write 45 or fewer; a longer session may be better offered as a course."
)


def _minutes_field(**kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(1, "Write how many minutes it lasted, 1 or more."),
            MaxValueValidator(MAX_WORKSHOP_MINUTES, TOO_LONG),
        ],
        **kwargs,
    )


class Workshop(models.Model):
    """A workshop in the library: what it is for, how long it takes, who co-produced it."""

    title = models.CharField(max_length=200, unique=True)
    aims = models.TextField(blank=True, help_text="What people may take away from it, in a few lines.")
    minutes = _minutes_field(default=45, help_text="How long it usually lasts: 45 minutes at most.")
    clinical_co_producers = models.CharField(
        "Clinicians who co-produced it", max_length=300, blank=True, help_text="Their names, with commas."
    )
    peer_co_producers = models.CharField(
        "Peer specialists who co-produced it",
        max_length=300,
        blank=True,
        help_text="Their names, with commas.",
    )
    is_imported = models.BooleanField(default=False, help_text="Made by an import of workshops held.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="workshop_minutes_1_to_45",
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_WORKSHOP_MINUTES),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:library-detail", args=[self.pk])

    @property
    def is_co_produced(self) -> bool:
        return bool(self.clinical_co_producers.strip() and self.peer_co_producers.strip())


class HandoutKind(models.TextChoices):
    HANDOUT = "handout", "Handout"
    EXERCISE = "exercise", "Exercise"


class Handout(models.Model):
    """A handout or exercise for a workshop, kept in the database with its workshop (no file store)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="handouts")
    kind = models.CharField(max_length=16, choices=HandoutKind.choices, default=HandoutKind.HANDOUT)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "kind", "filename"]
        constraints = [
            models.CheckConstraint(name="handout_kind_is_known", condition=Q(kind__in=HandoutKind.values)),
        ]

    def __str__(self) -> str:
        return self.filename


class HeldWorkshopQuerySet(models.QuerySet["HeldWorkshop"]):
    def co_facilitated(self) -> "HeldWorkshopQuerySet":
        """At least one peer and one clinical facilitator."""
        return self.filter(peer_facilitators__gte=1, clinical_facilitators__gte=1)


class HeldWorkshop(models.Model):
    """One workshop held on a ward or in a crisis service, with a headcount of the people who came."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="held_workshops")
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="held")
    held_on = models.DateField()
    minutes = _minutes_field()
    attendees = models.PositiveIntegerField(
        "How many people came", help_text="A number only: no names are kept."
    )
    peer_facilitators = models.PositiveSmallIntegerField(
        "Peer facilitators", default=0, help_text="How many peer specialists or peer trainers facilitated."
    )
    clinical_facilitators = models.PositiveSmallIntegerField(
        "Clinical facilitators",
        default=0,
        help_text="How many clinicians or professional trainers facilitated.",
    )
    facilitated_by = models.CharField(
        "Facilitators' names",
        max_length=300,
        blank=True,
        help_text="The staff or trainers who facilitated, if you want them on record. Never the people who came.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_imported = models.BooleanField(default=False)
    # Set when this workshop was a session of a course run labelled a skills workshop, before workshops were
    # kept on their own (`warp manage convert_workshop_runs`): the run is then counted here, not as a course.
    converted_from = models.OneToOneField(
        "prospectus.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="converted_workshop",
        help_text="The course run session this workshop was converted from, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HeldWorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "team__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["held_on", "team", "workshop", "minutes"], name="one_held_workshop_per_date_setting"
            ),
            models.CheckConstraint(
                name="held_workshop_minutes_1_to_45",
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_WORKSHOP_MINUTES),
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="held_workshop_held_on")]

    def __str__(self) -> str:
        return f"{self.workshop} on {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:held-detail", args=[self.pk])

    @property
    def is_co_facilitated(self) -> bool:
        return self.peer_facilitators >= 1 and self.clinical_facilitators >= 1


class WorkshopCommentQuerySet(models.QuerySet["WorkshopComment"]):
    def quotable(self) -> "WorkshopCommentQuerySet":
        """The comments whose writer agreed we may quote them (the quote library reads these)."""
        return self.filter(may_quote=True)


class WorkshopComment(models.Model):
    """Something someone said about a workshop, collected by the ward without their name."""

    held = models.ForeignKey(HeldWorkshop, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField("What they said", max_length=1000)
    may_quote = models.BooleanField("They agreed we may quote it (without their name)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkshopCommentQuerySet.as_manager()

    class Meta:
        ordering = ["held", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ActivityKind(models.TextChoices):
    PEER_SUPPORT_GROUP = "peer_support_group", "Open-access peer support group"
    DROP_IN = "drop_in", "Drop-in"
    SOCIAL = "social", "Social or activity programme"


class Activity(models.Model):
    """An open-access group or drop-in the partnership runs beside the college."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=ActivityKind.choices)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(name="activity_kind_is_known", condition=Q(kind__in=ActivityKind.values)),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:activity-detail", args=[self.pk])


class ActivityMeeting(models.Model):
    """One meeting of an activity: how many came and who facilitated, never who came."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField("Date")
    attendees = models.PositiveIntegerField(
        "How many people came", help_text="A number only: no names are kept."
    )
    facilitators = models.PositiveSmallIntegerField("How many facilitated", default=1)
    facilitated_by = models.CharField(
        "Facilitators' names",
        max_length=300,
        blank=True,
        help_text="The staff or volunteers who facilitated.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "met_on"], name="one_meeting_per_activity_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} on {self.met_on}"
