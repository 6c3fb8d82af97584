"""The strategy's actions under each of the ten organisational challenges, in our own words, with owners
and states (warp/teams/seeds.py CHALLENGE_ACTIONS). A challenge that already has actions (a partnership's
own) is left as it is."""

from django.db import migrations

from warp.teams import seeds


def seed(apps, schema_editor):
    Challenge = apps.get_model("teams", "Challenge")
    ChallengeAction = apps.get_model("teams", "ChallengeAction")
    actions = []
    for challenge in Challenge.objects.filter(actions__isnull=True, number__in=seeds.CHALLENGE_ACTIONS):
        for title, owner, state in seeds.CHALLENGE_ACTIONS[challenge.number]:
            actions.append(ChallengeAction(challenge=challenge, title=title, owner=owner, state=state))
    ChallengeAction.objects.bulk_create(actions)


def unseed(apps, schema_editor):
    ChallengeAction = apps.get_model("teams", "ChallengeAction")
    for number, actions in seeds.CHALLENGE_ACTIONS.items():
        titles = [title for title, _, _ in actions]
        ChallengeAction.objects.filter(challenge__number=number, title__in=titles).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0005_team_is_imported"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
