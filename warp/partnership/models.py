"""A report edition: the partnership lead's choices and words for one period, and once published, the
report itself as it was then (a snapshot per version), so later data never changes it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Edition(models.Model):
    title = models.CharField(max_length=200, help_text="For example, Partnership report 2025 to 2027.")
    start = models.DateField("First day", help_text="For example, 01/04/2025.")
    end = models.DateField("Last day", help_text="For example, 31/03/2027.")
    # The section keys (sections.SECTION_KEYS) in the order the report shows them.
    sections = models.JSONField(default=list, blank=True)
    # The lead's words by section key: a narrative section's text, or a computed section's note.
    words = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Set on publishing, never after: when, from which data, and the report per version (report_to_dict).
    published_at = models.DateTimeField(null=True, blank=True)
    data_version = models.BigIntegerField(null=True, blank=True)
    snapshots = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-end", "-pk"]
        constraints = [
            models.CheckConstraint(name="edition_period_in_order", condition=Q(end__gte=F("start"))),
            models.CheckConstraint(
                name="edition_status_is_known", condition=Q(status__in=EditionStatus.values)
            ),
            models.CheckConstraint(
                name="edition_published_has_a_time",
                condition=Q(status=EditionStatus.DRAFT) | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED
