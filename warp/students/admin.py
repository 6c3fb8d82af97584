"""Students, learning plans and reviews are read-only here and every page that shows one is audited:
they are registered, changed, agreed and coded on WaRP's own pages, where eligibility, status, coding and
consent rules are checked and each change is audited. Identities and outcome categories are reference
data, edited here."""

from django.contrib import admin
from django.urls import reverse

from warp.audit.admin import StudentAuditedAdmin
from warp.core.admin import ReadOnlyStackedInline, ServiceOwnedAdmin
from warp.students.models import (
    Identity,
    LearningPlan,
    LearningPlanReview,
    OutcomeCategory,
    PostcodeDistrict,
    Student,
    StudentImport,
)


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["label", "code"]


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(ServiceOwnedAdmin):
    """Added and removed on Students -> Service area, which normalises the code."""

    list_display = ["code"]
    search_fields = ["code"]

    def warp_url(self, obj):
        return reverse("students:service-area")


class LearningPlanInline(ReadOnlyStackedInline):
    model = LearningPlan
    raw_id_fields = ["agreed_by"]


@admin.register(Student)
class StudentAdmin(StudentAuditedAdmin, ServiceOwnedAdmin):
    student_path = ""
    list_display = [
        "registration_number",
        "last_name",
        "first_name",
        "email",
        "postcode",
        "status",
        "registered_on",
        "is_historic",
    ]
    list_filter = ["status", "is_historic", "identities", "gender"]
    search_fields = ["registration_number", "first_name", "last_name", "email", "postcode"]
    date_hierarchy = "registered_on"
    raw_id_fields = ["user", "registered_by"]
    filter_horizontal = ["identities"]
    readonly_fields = ["created_at", "updated_at", "consent_given_at", "privacy_notice_version"]
    inlines = [LearningPlanInline]

    def warp_url(self, obj):
        return reverse("students:student-detail", args=[obj.pk])


@admin.register(LearningPlan)
class LearningPlanAdmin(StudentAuditedAdmin, ServiceOwnedAdmin):
    list_display = ["student", "agreed_on", "agreed_by", "review_date"]
    list_select_related = ["student", "agreed_by"]
    search_fields = ["student__first_name", "student__last_name", "student__registration_number"]
    raw_id_fields = ["student", "agreed_by"]
    date_hierarchy = "agreed_on"

    def warp_url(self, obj):
        return reverse("students:learning-plan", args=[obj.student_id])


@admin.register(StudentImport)
class StudentImportAdmin(ServiceOwnedAdmin):
    """The import's preview and result; made and confirmed on Students -> Import."""

    list_display = [
        "filename",
        "uploaded_by",
        "created_at",
        "completed_at",
        "created_count",
        "already_present_count",
        "rows_with_errors",
    ]
    list_select_related = ["uploaded_by"]
    exclude = ["data", "preview"]  # the stored dry run: every row of the spreadsheet
    readonly_fields = [
        "filename",
        "uploaded_by",
        "completed_at",
        "created_count",
        "already_present_count",
        "rows_with_errors",
    ]

    def warp_url(self, obj):
        return reverse("students:import-preview", args=[obj.pk])


@admin.register(OutcomeCategory)
class OutcomeCategoryAdmin(admin.ModelAdmin):
    """Labels, order and whether a category is offered may be changed; codes stay as imports use them."""

    list_display = ["label", "code", "order", "is_active", "is_no_change"]
    list_editable = ["order", "is_active"]
    search_fields = ["label", "code"]


@admin.register(LearningPlanReview)
class LearningPlanReviewAdmin(StudentAuditedAdmin, ServiceOwnedAdmin):
    """For looking things up. Reviews are recorded and coded on the staff pages, where the coding rules
    (at most two categories, 'No change' on its own) are checked and every change is audited."""

    list_display = ["student", "review_date", "held_by", "coded_at", "quote_consent", "is_historic"]
    list_filter = ["is_historic", "quote_consent", "categories"]
    list_select_related = ["student", "held_by"]
    search_fields = ["student__first_name", "student__last_name", "student__registration_number"]
    date_hierarchy = "review_date"
    raw_id_fields = ["student", "held_by", "coded_by"]
    readonly_fields = ["categories", "coded_at", "coded_by", "is_historic", "created_at", "updated_at"]

    def warp_url(self, obj):
        return reverse("students:review-code", args=[obj.pk])
