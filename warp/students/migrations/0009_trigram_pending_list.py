"""PostgreSQL: keep the trigram indexes' pending lists short (gin_pending_list_limit = 256 kB).

A GIN index adds new entries to an unsorted "pending list" (up to gin_pending_list_limit, 4 MB by default)
and merges them into the index later (VACUUM, or the insert that fills the list). Every search reads the
whole pending list. At 100,000 students the list left by the last import (~10,000 names) doubled the
search's query time (4.3 ms against 2.1 ms once merged); a centre registering students one at a time
would carry a list growing towards 4 MB for months, because autovacuum waits for ~20,000 inserts.
256 kB keeps what a search reads to a sixteenth of that; the insert that fills it merges it. Imports pay a
little for the more frequent merges: 50,000 rows took ~3.9 s against ~3.6 s with 4 MB (64 kB: ~4.3 s).
The migration also merges whatever list is pending now.
"""

from django.db import migrations

INDEXES = ["student_first_name_trgm", "student_last_name_trgm", "student_email_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (gin_pending_list_limit = 256)")
            schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("students", "0008_postcode_prefix_index")]

    operations = [migrations.RunPython(forwards, backwards)]
