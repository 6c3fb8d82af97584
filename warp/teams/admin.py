"""The administrators' back office: the seeded reference data (TRIP criteria and key, Triangle of Care
standards, ImROC challenges) is edited here; teams and the carers' problem list are kept through the app
(read-only here)."""

from django.contrib import admin
from django.urls import reverse

from warp.core.admin import ServiceOwnedAdmin
from warp.teams import services
from warp.teams.models import CarerProblem, CareStandard, Challenge, Team, TripCriterion, TripScoreKey


@admin.register(TripCriterion)
class TripCriterionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "short_name"]


@admin.register(TripScoreKey)
class TripScoreKeyAdmin(admin.ModelAdmin):
    list_display = ["score", "meaning"]


@admin.register(CareStandard)
class CareStandardAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(CarerProblem)
class CarerProblemAdmin(admin.ModelAdmin):
    """Renamed or retired here (untick *active*), through the teams services; added here or on the
    exercise's list page. Never deleted: participants' picks refer to them."""

    list_display = ["name", "exercise", "active"]
    list_filter = ["active", "exercise"]
    fields = ["exercise", "name", "active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:
            services.carer_problem_update(problem=obj, name=obj.name, active=obj.active)
        else:
            created = services.carer_problem_create(exercise=obj.exercise, name=obj.name)
            if not obj.active:
                services.carer_problem_update(problem=created, name=created.name, active=False)
            obj.pk, obj._state.adding = created.pk, False


@admin.register(Team)
class TeamAdmin(ServiceOwnedAdmin):
    list_display = ["name", "kind", "locality", "directorate"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def warp_url(self, obj):
        return reverse("teams:team-edit", args=[obj.pk])
