from datetime import timedelta

from django.conf import settings
from django.db import models

# An upload on the import pages is deleted this long after it arrived.
IMPORT_UPLOAD_KEPT_FOR = timedelta(days=1)


class DataChange(models.Model):
    """Counts writes to the tables that kept reports are computed from (see warp/core/kept.py).

    Nothing in Python writes here: triggers in the database add one for every write (every statement on
    PostgreSQL, every row on SQLite) to a tracked table, whoever makes it: a view, a bulk insert, an
    `.update()`, an import or raw SQL. The sum of `bumps` over the rows therefore grows with every committed
    change, and a report kept under one sum is never shown once its data have changed. Writes to a term's
    own rows raise that term's counters only (`scope`). PostgreSQL writers
    each take whichever row no other transaction holds (SKIP LOCKED), so the counter never makes one
    writer wait for another.
    """

    # The term whose rows the counted writes were to, or 0 for rows of no one term (see warp/core/kept.py).
    # No foreign key: a counter outlives its term, and the triggers must never fail a write.
    scope = models.BigIntegerField(db_default=0)
    bumps = models.BigIntegerField(default=0)

    class Meta:
        db_table = "core_datachange"

    def __str__(self) -> str:
        return f"{self.bumps} changes"


class ImportUpload(models.Model):
    """A spreadsheet uploaded on the import pages (warp/importers.py), kept between its dry-run preview and
    the confirm button, for whoever uploaded it. It holds people's rows, so it is deleted a day after it
    arrived (IMPORT_UPLOAD_KEPT_FOR), imported or not; once imported its file is emptied at once."""

    kind = models.CharField(max_length=32)  # `warp import KIND`
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.JSONField()  # the dry run (ImportReport.to_json)
    done = models.JSONField(null=True, blank=True)  # what the import did, once confirmed
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"
