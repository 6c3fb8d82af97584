from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "warp.api"
    label = "api"
    verbose_name = "API"
