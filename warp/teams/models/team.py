from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class TeamKind(models.TextChoices):
    INPATIENT_WARD = "inpatient_ward", "Inpatient ward"
    COMMUNITY_TEAM = "community_team", "Community team"
    CRISIS_SERVICE = "crisis_service", "Crisis service"
    SPECIALIST_SERVICE = "specialist_service", "Specialist service"
    LEARNING_AND_DEVELOPMENT = "learning_and_development", "Learning and development"
    EDUCATION_PARTNER = "education_partner", "Education partner"
    OTHER = "other", "Other"


class TeamQuerySet(models.QuerySet["Team"]):
    def led_by(self, user) -> "TeamQuerySet":
        return self.filter(leads=user)


class Team(models.Model):
    """A team or service the partnership works with: a ward, a community team, a university..."""

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=32, choices=TeamKind.choices)
    locality = models.CharField(max_length=120, blank=True, help_text="For example, Poole or West Dorset.")
    directorate = models.CharField(max_length=120, blank=True)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="led_teams",
        blank=True,
        limit_choices_to={"role": "team_lead"},
        help_text="Team leads who run this team's TRIP and action plans.",
    )
    is_imported = models.BooleanField(
        default=False,
        help_text="Made by an import (for example of workshops held): check its kind and leads.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(name="team_kind_is_known", condition=Q(kind__in=TeamKind.values)),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:team-detail", args=[self.pk])


class WorkKind(models.TextChoices):
    PROJECT_PLAN = "project_plan", "Project plan"
    SKILLS_WORKSHOPS = "skills_workshops", "Skills workshops"
    PEER_WORKERS = "peer_workers", "Peer workers"
    CO_DELIVERED_TRAINING = "co_delivered_training", "Co-delivered training"
    CO_PRODUCTION = "co_production", "Co-production workshops"
    OTHER = "other", "Other"


class WorkState(models.TextChoices):
    INITIAL_DISCUSSIONS = "initial_discussions", "Initial discussions"
    DEVELOPMENT = "development", "Development"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETE = "complete", "Complete"


class WorkItem(models.Model):
    """One piece of the partnership's work with a team: a row of the 'Local Impacts' table."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="work_items")
    kind = models.CharField(max_length=32, choices=WorkKind.choices)
    state = models.CharField(max_length=32, choices=WorkState.choices, default=WorkState.INITIAL_DISCUSSIONS)
    summary = models.CharField(max_length=300, help_text="What the work is, in a sentence.")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["team__name", "kind", "pk"]
        constraints = [
            models.CheckConstraint(name="work_kind_is_known", condition=Q(kind__in=WorkKind.values)),
            models.CheckConstraint(name="work_state_is_known", condition=Q(state__in=WorkState.values)),
            models.CheckConstraint(
                name="work_ends_after_it_starts",
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.get_kind_display()}"
