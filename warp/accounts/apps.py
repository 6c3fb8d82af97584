from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People who sign in, their role, and the role checks every view uses."""

    name = "warp.accounts"
    label = "accounts"

    def ready(self) -> None:
        from warp.accounts import signals  # noqa: F401 - connects the session signals
