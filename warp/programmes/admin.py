"""The administrators' back office for programmes: the reference data (peer roles, the mentoring evaluation's
questions) is edited here; award categories on the awards page. People's records (peer workers, pairings, the network,
nominations) are kept through the app's pages and their rules, and are not shown here: the network's
members above all."""

from django.contrib import admin

from warp.programmes.models import EvaluationQuestion, PeerRole


@admin.register(PeerRole)
class PeerRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    fields = ["name", "description", "order"]

    def has_delete_permission(self, request, obj=None):
        return False  # placements refer to them


@admin.register(EvaluationQuestion)
class EvaluationQuestionAdmin(admin.ModelAdmin):
    """Untick *active* to stop asking a question; answers already given keep it."""

    list_display = ["text", "kind", "order", "active"]
    list_filter = ["active", "kind"]
    fields = ["text", "kind", "order", "active"]

    def has_delete_permission(self, request, obj=None):
        return False
