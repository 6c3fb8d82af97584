from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """Read side only: the evaluation and term reports, computed once and rendered as page, CSV, JSON, PDF."""

    name = "warp.evaluation"
    label = "evaluation"
