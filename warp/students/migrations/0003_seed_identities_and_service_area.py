"""Seed the identities a student may tick (after the report's Table 1) and Dorset's BH and DT districts.

Both are editable data afterwards: identities in the Django admin, districts on the service-area page.
"""

from django.db import migrations

IDENTITIES = [
    ("secondary-care", "Someone who uses secondary mental health services", 10),
    ("primary-care", "Someone who uses primary care mental health services", 20),
    ("carer", "A carer or supporter", 30),
    ("trust-staff", "A member of staff at the NHS trust", 40),
    ("charity-staff", "A member of staff at the peer-led charity", 50),
    ("other", "Other", 60),
]

DISTRICTS = [f"BH{n}" for n in range(1, 26)] + ["BH31"] + [f"DT{n}" for n in range(1, 12)]


def seed(apps, schema_editor):
    Identity = apps.get_model("students", "Identity")
    PostcodeDistrict = apps.get_model("students", "PostcodeDistrict")
    for code, label, order in IDENTITIES:
        Identity.objects.get_or_create(code=code, defaults={"label": label, "order": order})
    for code in DISTRICTS:
        PostcodeDistrict.objects.get_or_create(code=code)


def unseed(apps, schema_editor):
    apps.get_model("students", "Identity").objects.filter(code__in=[c for c, _, _ in IDENTITIES]).delete()
    apps.get_model("students", "PostcodeDistrict").objects.filter(code__in=DISTRICTS).delete()


class Migration(migrations.Migration):
    dependencies = [("students", "0002_import_and_duplicates")]

    operations = [migrations.RunPython(seed, unseed)]
