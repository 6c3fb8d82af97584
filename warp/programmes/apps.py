from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """People and programmes: the peer workforce, lived-experience mentoring, the staff network, the awards."""

    name = "warp.programmes"
    label = "programmes"
