"""A workshop held may come from a session of a course run labelled a skills workshop (`warp manage
convert_workshop_runs`). On SQLite, adding the column rebuilds the table, and a rebuilt table loses its
"kept report" trigger (warp/core/kept.py): the trigger is put back after (dropped first, so this is right on
PostgreSQL too, where it survived)."""

import django.db.models.deletion
from django.db import migrations, models

from warp.core.kept import track_sql, untrack_sql

TABLE = "outreach_heldworkshop"


def track_again(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in untrack_sql(vendor, TABLE) + track_sql(vendor, TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_track_report_tables"),
        ("prospectus", "0005_historic_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="heldworkshop",
            name="converted_from",
            field=models.OneToOneField(
                blank=True,
                help_text="The course run session this workshop was converted from, if any.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="converted_workshop",
                to="prospectus.session",
            ),
        ),
        migrations.RunPython(track_again, track_again),
    ]
