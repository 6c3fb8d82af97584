from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "warp.audit"
    verbose_name = "Audit log"
