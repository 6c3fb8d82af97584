from django.apps import AppConfig


class StudentsConfig(AppConfig):
    """Registration, eligibility, self-selected identities, consent and Individual Learning Plans."""

    name = "warp.students"
    label = "students"
