"""Seed the Brief TRIP criteria and key, the Triangle of Care standards, the ImROC challenges and a
starting list of carers' problems. All of them stay editable in the admin afterwards."""

from django.db import migrations

from warp.teams import seeds


def seed(apps, schema_editor):
    TripCriterion = apps.get_model("teams", "TripCriterion")
    TripScoreKey = apps.get_model("teams", "TripScoreKey")
    CareStandard = apps.get_model("teams", "CareStandard")
    Challenge = apps.get_model("teams", "Challenge")
    CarerProblem = apps.get_model("teams", "CarerProblem")
    for number, name, short_name, description in seeds.TRIP_CRITERIA:
        TripCriterion.objects.update_or_create(
            number=number, defaults={"name": name, "short_name": short_name, "description": description}
        )
    for score, meaning in seeds.TRIP_KEY:
        TripScoreKey.objects.update_or_create(score=score, defaults={"meaning": meaning})
    for number, name, description in seeds.CARE_STANDARDS:
        CareStandard.objects.update_or_create(number=number, defaults={"name": name, "description": description})
    for number, name, in_practice in seeds.CHALLENGES:
        Challenge.objects.update_or_create(number=number, defaults={"name": name, "in_practice": in_practice})
    for name in seeds.CARER_PROBLEMS:
        CarerProblem.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
