"""The administrators' back office: the seeded reference data (TRIP criteria and key, Triangle of Care
standards, ImROC challenges, carers' problems) is edited here; teams' records are kept through the app."""

from django.contrib import admin

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
    list_display = ["name", "active"]
    list_filter = ["active"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "locality", "directorate"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["leads"]
