"""The partnership's impact beyond its own teams: the impact log and co-production workshops.

Nothing here names a student. Presenters and authors are staff (names as written, kept in
`ImpactPerson`); co-production comments are unnamed, attributed at most by perspective.
"""

from django.db import models
from django.db.models import Q


class ImpactKind(models.TextChoices):
    PRESENTATION = "presentation", "Conference or presentation"
    POSTER = "poster", "Conference poster"
    TRAINING = "training", "Training for another organisation"
    CONSULTANCY_NATIONAL = "consultancy_national", "Consultancy (national)"
    CONSULTANCY_INTERNATIONAL = "consultancy_international", "Consultancy (international)"
    PUBLICATION = "publication", "Publication"
    FILM = "film", "Film or other media"


# The printed list's sections, in the report's order and with its headings; each holds these kinds.
REPORT_SECTIONS: list[tuple[str, list[str]]] = [
    ("Conferences and Presentations", [ImpactKind.PRESENTATION]),
    ("Conference Posters", [ImpactKind.POSTER]),
    ("Training and Development", [ImpactKind.TRAINING]),
    (
        "ImROC Consultancy: National / International",
        [ImpactKind.CONSULTANCY_NATIONAL, ImpactKind.CONSULTANCY_INTERNATIONAL],
    ),
    ("Publications", [ImpactKind.PUBLICATION]),
    ("Films", [ImpactKind.FILM]),
]


class PublicationStatus(models.TextChoices):
    IN_PREPARATION = "in_preparation", "In preparation"
    SUBMITTED = "submitted", "Submitted"
    PUBLISHED = "published", "Published"


class ImpactPerson(models.Model):
    """A member of staff who presented or wrote something: a name as it is printed, never a student."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImpactEntryQuerySet(models.QuerySet["ImpactEntry"]):
    def for_log(self, *, kind: str = "", year: int | None = None, person: "ImpactPerson | None" = None):
        """The log, newest first, with its people prefetched; each filter applies when given."""
        rows = self
        if kind:
            rows = rows.filter(kind=kind)
        if year:
            rows = rows.filter(held_on__year=year)
        if person is not None:
            rows = rows.filter(people=person)
        return rows.prefetch_related("people").order_by("-held_on", "title", "pk")


class ImpactEntry(models.Model):
    """One entry of the impact log: a presentation, poster, training, consultancy, publication or film."""

    kind = models.CharField(max_length=32, choices=ImpactKind.choices)
    held_on = models.DateField(
        "Date", help_text="When it happened, or when it was published or submitted. For example, 14/05/2026."
    )
    title = models.CharField(
        max_length=300, help_text="The title of the talk, poster, paper, training or film."
    )
    event = models.CharField(
        "Event or organisation",
        max_length=300,
        blank=True,
        help_text="The conference, the organisation it was for, the journal or the publisher.",
    )
    place = models.CharField(max_length=200, blank=True, help_text="For example, Exeter, or online.")
    people = models.ManyToManyField(
        ImpactPerson, blank=True, related_name="entries", verbose_name="Presenters or authors"
    )
    link = models.URLField(
        "Link", max_length=500, blank=True, help_text="A video of the talk, or where the work can be read."
    )
    publication_status = models.CharField(
        max_length=16, choices=PublicationStatus.choices, blank=True, help_text="For publications only."
    )
    reference = models.TextField(
        blank=True, help_text="For publications: the full reference, as it should be cited."
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImpactEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(name="impact_kind_is_known", condition=Q(kind__in=ImpactKind.values)),
            models.CheckConstraint(
                name="impact_publication_has_a_status",
                condition=(
                    Q(kind=ImpactKind.PUBLICATION) & Q(publication_status__in=PublicationStatus.values)
                )
                | (~Q(kind=ImpactKind.PUBLICATION) & Q(publication_status="")),
                violation_error_message="Only a publication has a status, and every publication needs one.",
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="impact_held_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


# Co-production workshops --------------------------------------------------------------------------------


class WorkshopPerspective(models.TextChoices):
    USES_SERVICES = "uses_services", "Someone who uses the service"
    CARER = "carer", "A carer or supporter"
    STAFF = "staff", "A member of staff"
    OTHER = "other", "Someone else"


# How a quote is attributed: by perspective only, never by name.
ATTRIBUTION = {
    WorkshopPerspective.USES_SERVICES: "a person who uses the service",
    WorkshopPerspective.CARER: "a carer",
    WorkshopPerspective.STAFF: "a member of staff",
    WorkshopPerspective.OTHER: "a workshop participant",
    "": "a workshop participant",
}


class CoproductionWorkshop(models.Model):
    """A co-production workshop run with another service (a pain service, a children's service...)."""

    held_on = models.DateField("Date", help_text="For example, 29/04/2026.")
    service = models.CharField(max_length=200, help_text="The service the workshop was with.")
    locality = models.CharField(max_length=120, help_text="For example, Poole or West Dorset.")
    title = models.CharField(
        max_length=200, blank=True, help_text="What the workshop was about, if it had a title."
    )
    uses_services = models.PositiveIntegerField("People who use the service", default=0)
    carers = models.PositiveIntegerField("Carers and supporters", default=0)
    staff = models.PositiveIntegerField("Staff", default=0)
    others = models.PositiveIntegerField("Others", default=0)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "service", "pk"]

    def __str__(self) -> str:
        return f"Co-production workshop with {self.service}"

    @property
    def participants(self) -> int:
        return self.uses_services + self.carers + self.staff + self.others


class WorkshopTheme(models.Model):
    """A theme the feedback from co-production workshops is coded to. Editable; retired, not deleted."""

    name = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True, help_text="Untick to stop offering it for new comments.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkshopCommentQuerySet(models.QuerySet["WorkshopComment"]):
    def quotable(self):
        """Comments whose writer agreed they may be quoted, without a name."""
        return self.filter(quote_consent=True)


class WorkshopComment(models.Model):
    """One piece of feedback from a workshop, unnamed, coded to one theme."""

    workshop = models.ForeignKey(CoproductionWorkshop, on_delete=models.CASCADE, related_name="comments")
    theme = models.ForeignKey(WorkshopTheme, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField("Comment", help_text="Their words, as written. No names.")
    perspective = models.CharField(
        max_length=16,
        choices=WorkshopPerspective.choices,
        blank=True,
        help_text="If they said: quotes are attributed by this, never by name.",
    )
    quote_consent = models.BooleanField(
        "They agreed their words may be quoted", default=False, help_text="Without their name."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkshopCommentQuerySet.as_manager()

    class Meta:
        ordering = ["theme__name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="workshop_comment_perspective_is_known",
                condition=Q(perspective__in=[*WorkshopPerspective.values, ""]),
            ),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.workshop} ({self.theme})"

    @property
    def attribution(self) -> str:
        return ATTRIBUTION[self.perspective]
