"""Course runs from the centre's history before WaRP (`warp import runs`): a label telling apart two runs of
one course in one term, and `is_historic` (never published). The feedback import's draft runs for history
become historic runs."""

from django.db import migrations, models
from django.db.models import Q

COLUMNS = {  # added in place: Django's SQLite AddField rebuilds the table, which the triggers naming it forbid
    "label": {"sqlite": "varchar(50) DEFAULT '' NOT NULL", "postgresql": "varchar(50) DEFAULT '' NOT NULL"},
    "is_historic": {"sqlite": "bool DEFAULT 0 NOT NULL", "postgresql": "boolean DEFAULT false NOT NULL"},
}


def add_columns(apps, schema_editor):
    vendor = "postgresql" if schema_editor.connection.vendor == "postgresql" else "sqlite"
    for column, types in COLUMNS.items():
        schema_editor.execute(f'ALTER TABLE prospectus_courserun ADD COLUMN "{column}" {types[vendor]}')


def drop_columns(apps, schema_editor):
    for column in COLUMNS:
        schema_editor.execute(f'ALTER TABLE prospectus_courserun DROP COLUMN "{column}"')


def mark_history(apps, schema_editor):
    """Draft runs the feedback import made for history (a historic term or course) become historic runs."""
    CourseRun = apps.get_model("prospectus", "CourseRun")
    CourseRun.objects.filter(status="draft").filter(
        Q(term__is_historic=True) | Q(course__is_historic=True)
    ).update(is_historic=True)


class Migration(migrations.Migration):
    dependencies = [
        ("prospectus", "0004_merge_course_themes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name="courserun",
                    name="is_historic",
                    field=models.BooleanField(
                        default=False,
                        help_text="From the centre's history before WaRP: kept for the reports, never published.",
                    ),
                ),
                migrations.AddField(
                    model_name="courserun",
                    name="label",
                    field=models.CharField(
                        blank=True,
                        help_text="Tells apart two runs of one course in one term in imported history (for example 'Poole').",
                        max_length=50,
                    ),
                ),
            ],
        ),
        migrations.RunPython(mark_history, migrations.RunPython.noop),
    ]
