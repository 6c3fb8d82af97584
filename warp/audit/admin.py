"""The audit log's admin (read-only), and `StudentAuditedAdmin`, which every admin showing a student uses."""

from collections.abc import Iterable

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpRequest

from warp import audit
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


def _student_id_of(obj: models.Model, path: str) -> int | None:
    """The student a record is about: the record itself (path ""), or the id at the end of `path`."""
    if not path:
        return obj.pk
    value: object = obj
    for step in path.split("__"):
        value = getattr(value, step, None)
        if value is None:
            return None
    return value if isinstance(value, int) else getattr(value, "pk", None)


class StudentAuditedAdmin(admin.ModelAdmin):
    """Every admin page that shows a student writes audit entries, as WaRP's own pages do: the change page
    and its history (one entry), the list and its search results (one entry per student on the page, in one
    insert). `student_path` says where the student is: "" for a Student, "student_id" for a record about
    one, "student__pk" across a relation; a record about nobody (e.g. a staff account) writes nothing."""

    student_path = "student_id"

    def _student_ids(self, objects: Iterable[models.Model]) -> list[int]:
        found = (_student_id_of(obj, self.student_path) for obj in objects)
        return sorted({student_id for student_id in found if student_id is not None})

    def _record_page(self, request: HttpRequest, object_id, note: str) -> None:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return
        student_id = _student_id_of(obj, self.student_path)
        if student_id is not None:
            audit.record(request=request, action="view", obj=obj, student_id=student_id, note=note)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "POST":
            self._record_page(request, object_id, "Admin change page")
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._record_page(request, object_id, "Admin history")
        return super().history_view(request, object_id, extra_context=extra_context)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            searched = bool(changelist.query)
            audit.record_many(
                request=request,
                action="view",
                model=self.model._meta.label,
                student_ids=self._student_ids(changelist.result_list),
                note="Admin search results" if searched else "Admin list",
            )
        return response
