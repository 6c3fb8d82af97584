from django.apps import AppConfig


class ImpactConfig(AppConfig):
    """The impact log (conferences, posters, training, consultancy, publications, films) and co-production
    workshops with other services."""

    name = "warp.impact"
    label = "impact"
