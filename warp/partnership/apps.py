from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    """The partnership's report: editions assembled from every app's own computation, as a page, PDF and Word."""

    name = "warp.partnership"
    label = "partnership"
