from django.apps import AppConfig


class ServiceUseConfig(AppConfig):
    """Services and their unit costs, and students' answers about how often they used them."""

    name = "warp.service_use"
    label = "service_use"
    verbose_name = "Service use and costs"
