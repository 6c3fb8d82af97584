from django.apps import AppConfig


class QuotesConfig(AppConfig):
    """The quote library: one query over every source's consented words; staff pick and tag quotes."""

    name = "warp.quotes"
    label = "quotes"
