"""The evaluation report's cohorts section reads the questionnaires and their responses (the before/after
figures) and is kept until its data change (warp/core/kept.py): writes to these tables raise the data
version. They raise it everywhere rather than per term: a response belongs to no term."""

from django.db import migrations

from warp.core.kept import track_sql, untrack_sql

TABLES = ("measures_instrument", "measures_instrumentversion", "measures_measureresponse")


def track(apps, schema_editor):
    for table in TABLES:
        for statement in track_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement)


def untrack(apps, schema_editor):
    for table in TABLES:
        for statement in untrack_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_data_versions_per_term"),
        ("measures", "0002_instrument_ask_when"),
    ]

    operations = [migrations.RunPython(track, untrack)]
