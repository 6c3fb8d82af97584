"""Seed the identities a student may tick (after the report's Table 1) and Dorset's BH and DT districts.

Both are editable data afterwards: identities in the Django admin, districts on the service-area page.
"""

from django.db import migrations

from warp.students.seed import DISTRICTS, IDENTITIES, seed


def forwards(apps, schema_editor):
    seed(apps.get_model("students", "Identity"), apps.get_model("students", "PostcodeDistrict"))


def backwards(apps, schema_editor):
    apps.get_model("students", "Identity").objects.filter(code__in=[c for c, _, _ in IDENTITIES]).delete()
    apps.get_model("students", "PostcodeDistrict").objects.filter(code__in=DISTRICTS).delete()


class Migration(migrations.Migration):
    dependencies = [("students", "0002_import_and_duplicates")]

    operations = [migrations.RunPython(forwards, backwards)]
