from django.apps import AppConfig


class TeamsConfig(AppConfig):
    """Teams and services, the partnership work register, the Brief TRIP and the Triangle of Care."""

    name = "warp.teams"
    label = "teams"
