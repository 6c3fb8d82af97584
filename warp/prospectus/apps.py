from django.apps import AppConfig


class ProspectusConfig(AppConfig):
    """Courses and who co-produced them, terms, venues, course runs, their sessions and trainers."""

    name = "warp.prospectus"
    label = "prospectus"
