from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shell every page shares: home page, navigation, error pages. No personal data lives here."""

    name = "warp.core"
    label = "core"
