from django.contrib import admin
from django.urls import reverse

from warp.audit.admin import StudentAuditedAdmin
from warp.core.admin import ReadOnlyTabularInline, ServiceOwnedAdmin
from warp.feedback.models import Answer, FeedbackLink, FeedbackQuestion, FeedbackResponse


@admin.register(FeedbackQuestion)
class FeedbackQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "code", "kind", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["text", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Answers and reports find questions by code, and an answer's meaning depends on the kind.
        return ["code", "kind"] if obj is not None and obj.answers.exists() else []


class AnswerInline(ReadOnlyTabularInline):
    model = Answer
    fields = ("question", "text", "rating")
    readonly_fields = ("question", "text", "rating")


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(StudentAuditedAdmin, ServiceOwnedAdmin):
    """Read-only: responses are evidence, and their headline columns must match their answers. A portal
    response names its student, so its pages are audited."""

    list_display = ["course_run", "submitted_on", "source", "would_attend_again", "rating", "quote_consent"]
    list_filter = ["source", "would_attend_again", "quote_consent", "is_historic"]
    date_hierarchy = "submitted_on"
    list_select_related = ["course_run__course", "course_run__term"]
    inlines = [AnswerInline]

    def warp_url(self, obj):
        return reverse("feedback:run-summary", args=[obj.course_run_id])


@admin.register(FeedbackLink)
class FeedbackLinkAdmin(ServiceOwnedAdmin):
    """Made on the run's feedback links page, which draws a random token."""

    list_display = ["course_run", "label", "uses_made", "uses_allowed", "created_at"]
    list_select_related = ["course_run__course", "course_run__term"]
    readonly_fields = ("token", "uses_made", "created_by", "created_at")
    fields = ("course_run", "label", "uses_allowed", "token", "uses_made", "created_by", "created_at")

    def warp_url(self, obj):
        return reverse("feedback:link-list", args=[obj.course_run_id])
