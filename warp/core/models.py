from django.db import models


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
