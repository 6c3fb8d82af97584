import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("teams", "0009_copy_problem_list_into_each_exercise")]

    operations = [
        migrations.AlterField(
            model_name="carerproblem",
            name="exercise",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="problems",
                to="teams.prioritisationexercise",
            ),
        ),
    ]
