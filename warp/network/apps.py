from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """A network of centres: fidelity self-assessment, the centre's key, signed bundles, the hub's report."""

    name = "warp.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"
