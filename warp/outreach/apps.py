from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Recovery education beyond the college's courses: skills workshops on wards and in crisis services,
    and the open-access groups and drop-ins the partnership runs (headcounts, never names)."""

    name = "warp.outreach"
    label = "outreach"
