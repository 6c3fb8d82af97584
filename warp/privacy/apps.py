from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "warp.privacy"
    verbose_name = "Privacy: requests, restriction and erasure"
