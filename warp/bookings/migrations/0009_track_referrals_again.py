"""Referrals raise the data version again: on SQLite, 0007 added its columns by rebuilding the table, and a
rebuilt table loses its triggers (warp/core/kept.py). Dropping first makes this right on PostgreSQL too,
where the trigger survived."""

from django.db import migrations

from warp.core.kept import track_sql, untrack_sql


def track_again(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in untrack_sql(vendor, "bookings_referral") + track_sql(vendor, "bookings_referral"):
        schema_editor.execute(statement)


def untrack(apps, schema_editor):
    for statement in untrack_sql(schema_editor.connection.vendor, "bookings_referral"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0008_trainer_feedback"),
    ]

    operations = [migrations.RunPython(track_again, untrack)]
