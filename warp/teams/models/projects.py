"""Partnership projects that belong to no one team: the rest of the report's "Local Impacts" table.

WaRP records the partnership's project, never a person's personal health budget, care plan or safety
plan: those stay in the NHS systems that hold them.
"""

from django.db import models
from django.db.models import Q

from warp.teams.models.team import WorkState


class ProjectKind(models.TextChoices):
    """The report's sections beyond its teams, in its order."""

    OLDER_PEOPLE = "older_people", "Older people"
    CARERS = "carers", "Carers and supporters"
    STAFF_LIVED_EXPERIENCE = "staff_lived_experience", "Staff with lived experience"
    LIVED_EXPERIENCE_IN_THE_ORGANISATION = "organisation", "Lived experience in the organisation's decisions"
    BEYOND_ADULT_MENTAL_HEALTH = "beyond_mental_health", "Work beyond adult mental health"
    PERSONAL_HEALTH_BUDGETS = "personal_health_budgets", "Personal health budgets"
    SHARED_DECISION_MAKING = "shared_decision_making", "Shared decision-making"
    AWARDS = "awards", "Awards"
    COMMUNITY = "community", "Community projects"
    PERSPECTIVES = "perspectives", "Perspectives and ideas"
    UNIVERSITY = "university", "Work with a university"
    OTHER = "other", "Other projects"


class PartnershipProject(models.Model):
    """A project of the partnership's that is not one team's: a pilot, a community project, a university."""

    name = models.CharField(max_length=200, help_text="For example, Personal health budgets pilot.")
    kind = models.CharField(max_length=32, choices=ProjectKind.choices)
    partners = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who the partnership works with on it, for example a commissioner.",
    )
    state = models.CharField(max_length=32, choices=WorkState.choices, default=WorkState.INITIAL_DISCUSSIONS)
    summary = models.CharField(max_length=300, help_text="What the work is, in a sentence.")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="About the project only: never a person's budget or plan.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(name="project_kind_is_known", condition=Q(kind__in=ProjectKind.values)),
            models.CheckConstraint(name="project_state_is_known", condition=Q(state__in=WorkState.values)),
            models.CheckConstraint(
                name="project_ends_after_it_starts",
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                violation_error_message="The end date is before the start date: change one of them.",
            ),
        ]

    def __str__(self) -> str:
        return self.name
