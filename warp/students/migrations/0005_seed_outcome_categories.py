"""Seed the eleven outcome categories Learning Plan Reviews are coded into (editable afterwards in the admin)."""

from django.db import migrations

from warp.students.seed import OUTCOME_CATEGORIES, seed_outcome_categories


def forwards(apps, schema_editor):
    seed_outcome_categories(apps.get_model("students", "OutcomeCategory"))


def backwards(apps, schema_editor):
    apps.get_model("students", "OutcomeCategory").objects.filter(
        code__in=[code for code, _ in OUTCOME_CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("students", "0004_outcome_categories_and_reviews")]

    operations = [migrations.RunPython(forwards, backwards)]
