"""What the quotes app keeps: staff's picks and tags, each naming a source row, never a copy of its words.

The words, their date and their consent stay in the source (warp/quotes/sources.py); a pick or a tag
whose row is no longer quotable (consent withdrawn, words blanked, row erased) is simply not shown.
"""

from django.conf import settings
from django.db import models


class QuotePick(models.Model):
    """A quote a member of staff picked for a report."""

    source = models.CharField(max_length=32, help_text="The key of the source, as in sources.SOURCES.")
    ref = models.PositiveBigIntegerField(help_text="The source row's primary key.")
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "ref"], name="one_pick_per_quote")]

    def __str__(self) -> str:
        return f"Picked quote {self.source} {self.ref}"


class QuoteTag(models.Model):
    """A tag on a quote ("hope", "carers", "peer support"), for finding quotes for a report."""

    source = models.CharField(max_length=32)
    ref = models.PositiveBigIntegerField()
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["source", "ref", "name"], name="one_tag_per_quote")]
        indexes = [models.Index(fields=["name"], name="quote_tag_name")]

    def __str__(self) -> str:
        return self.name
