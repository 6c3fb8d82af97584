"""Each exercise keeps its own list of problems (report lines 757-765: the study's list had 34).

Every existing exercise gets its own copy of the shared list it was run with (retired problems too, still
retired), every participant's picks move to that copy, and then the shared list goes. Nothing a
participant chose is lost; a new exercise starts from a list the partnership types in."""

from django.db import migrations


def forwards(apps, schema_editor):
    CarerProblem = apps.get_model("teams", "CarerProblem")
    Exercise = apps.get_model("teams", "PrioritisationExercise")
    Participant = apps.get_model("teams", "Participant")
    Picks = Participant.picks.through
    shared = list(CarerProblem.objects.filter(exercise__isnull=True))
    for exercise in Exercise.objects.all():
        copies = {
            old.pk: CarerProblem.objects.create(exercise=exercise, name=old.name, active=old.active).pk
            for old in shared
        }
        for pick in Picks.objects.filter(participant__exercise=exercise):
            pick.carerproblem_id = copies[pick.carerproblem_id]
            pick.save(update_fields=["carerproblem"])
    CarerProblem.objects.filter(exercise__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("teams", "0008_carer_problems_belong_to_exercises")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
