from django.contrib import admin

from warp.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: administrators may look, nobody may add, change or delete an entry."""

    list_display = ["at", "user_name", "role", "action", "model", "object_id", "student_id", "ip_address"]
    list_filter = ["action", "role", "model"]
    search_fields = ["user_name", "model", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
