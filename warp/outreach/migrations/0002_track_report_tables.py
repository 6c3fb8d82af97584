"""The evaluation report counts workshops held (with their wards' names) and activities' meetings, and is
kept until its data change (warp/core/kept.py): these tables raise the data version on every write."""

from django.db import migrations

from warp.core.kept import track_sql, untrack_sql

TABLES = ("outreach_heldworkshop", "outreach_activity", "outreach_activitymeeting", "teams_team")


def track(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for statement in track_sql(vendor, table):
            schema_editor.execute(statement)


def untrack(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for statement in untrack_sql(vendor, table):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_data_versions_per_term"),
        ("outreach", "0001_initial"),
    ]

    operations = [migrations.RunPython(track, untrack)]
