"""What every app's Django admin shares: read-only admins for records whose changes have a service.

A model with a service (`<app>/services.py`) is changed only through it, on WaRP's own pages, where its
rules are checked (co-delivery, eligibility, status, the audit log). Its admin is for looking things up: no
add, change or delete, inlines included, and every change page links to the WaRP page that does the job.
`tests/core/test_admin.py` walks every registered admin and fails for one that can write such a model.
Admin pages that show a student are audited by `warp.audit.admin.StudentAuditedAdmin`.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote


class ReadOnlyInline(admin.options.InlineModelAdmin):
    """An inline that shows its rows and changes none of them."""

    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyTabularInline(ReadOnlyInline, admin.TabularInline):
    pass


class ReadOnlyStackedInline(ReadOnlyInline, admin.StackedInline):
    pass


class ServiceOwnedAdmin(admin.ModelAdmin):
    """Read-only in the admin: this model's changes go through its service, on the page `warp_url` names.

    Subclasses define `warp_url(obj)`: the address of WaRP's own page for the record (shown on the change
    page as "Change this in WaRP", and as Django's "View on site").
    """

    change_form_template = "admin/warp_read_only_change_form.html"
    actions = None  # no bulk delete either

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def warp_url(self, obj) -> str | None:
        raise NotImplementedError(f"{type(self).__name__} must say which WaRP page changes {obj!r}")

    def view_on_site(self, obj) -> str | None:
        return self.warp_url(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {}), "warp_url": self.warp_url(obj) if obj is not None else None}
        return super().change_view(request, object_id, form_url, extra_context=context)
