from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "warp.measures"
    verbose_name = "Outcome questionnaires"
