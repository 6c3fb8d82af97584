"""Each trainer's place on a course run records the perspective they bring there (peer or professional).

Existing places take the trainer's usual perspective (their account's trainer kind), so every run keeps the
co-delivery it had: nothing is lost and no run changes whether it may be published."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_usual_perspective(apps, schema_editor):
    CourseRunTrainer = apps.get_model("prospectus", "CourseRunTrainer")
    User = apps.get_model("accounts", "User")
    CourseRunTrainer.objects.filter(perspective="").update(
        perspective=Subquery(User.objects.filter(pk=OuterRef("trainer_id")).values("trainer_kind")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_mfa_secrets_encrypted_recovery_codes_hashed"),
        ("prospectus", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="courseruntrainer",
            name="perspective",
            field=models.CharField(
                choices=[("peer", "Peer trainer"), ("professional", "Professional trainer")],
                default="",
                help_text="The perspective this trainer brings to this run.",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_usual_perspective, migrations.RunPython.noop, elidable=False),
    ]
