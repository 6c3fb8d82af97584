"""The evaluation report counts the cohorts' referrals and is kept until its data change
(warp/core/kept.py): writes to referrals raise the data version. Referrals are few, so they raise it
everywhere rather than per term."""

from django.db import migrations

from warp.core.kept import track_sql, untrack_sql


def track(apps, schema_editor):
    for statement in track_sql(schema_editor.connection.vendor, "bookings_referral"):
        schema_editor.execute(statement)


def untrack(apps, schema_editor):
    for statement in untrack_sql(schema_editor.connection.vendor, "bookings_referral"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_data_versions_per_term"),
        ("bookings", "0005_referral"),
    ]

    operations = [migrations.RunPython(track, untrack)]
