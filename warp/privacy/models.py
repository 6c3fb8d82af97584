"""Requests from data subjects, restrictions of processing, and the log of erasures."""

import calendar
from datetime import date

from django.conf import settings
from django.db import models

from warp.core.words import short_date


def one_month_after(day: date) -> date:
    """The same date next month; when next month is shorter, its last day (31 January -> 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class RequestKind(models.TextChoices):
    ACCESS = "access", "Access (a copy of their data)"
    RECTIFICATION = "rectification", "Rectification (correct their data)"
    ERASURE = "erasure", "Erasure"
    RESTRICTION = "restriction", "Restriction of processing"
    OBJECTION = "objection", "Objection to processing"


class RequestState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"


class SubjectRequestQuerySet(models.QuerySet["SubjectRequest"]):
    def for_list(self):
        return self.select_related("student", "handled_by").order_by("state", "due_on", "pk")


class SubjectRequest(models.Model):
    """A request from a student about their data, due one calendar month after it was received."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="subject_requests")
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    received_on = models.DateField()
    due_on = models.DateField()
    state = models.CharField(max_length=16, choices=RequestState.choices, default=RequestState.OPEN)
    decision = models.CharField(max_length=500, blank=True, help_text="What was decided and done.")
    basis = models.CharField(
        max_length=500, blank=True, help_text="The lawful basis or exemption the decision rests on."
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubjectRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="subject_request_due_after_received",
                condition=models.Q(due_on__gte=models.F("received_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.pk} (due {short_date(self.due_on)})"


class ProcessingRestriction(models.Model):
    """While this row exists the student is hidden from lists and nothing new is done with their record."""

    student = models.OneToOneField(
        "students.Student", on_delete=models.CASCADE, related_name="processing_restriction"
    )
    since = models.DateTimeField()
    basis = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Restriction on student {self.student_id} since {self.since:%Y-%m-%d}"


class ErasureReason(models.TextChoices):
    REQUEST = "request", "At the student's request"
    RETENTION = "retention", "Retention period passed"


class Erasure(models.Model):
    """The destruction log: one row per anonymised student, kept so we can show what was done and why."""

    student = models.OneToOneField("students.Student", on_delete=models.PROTECT, related_name="erasure")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=ErasureReason.choices)
    basis = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Student {self.student_id} erased {self.at:%Y-%m-%d} ({self.reason})"


class PurgeKind(models.TextChoices):
    AUDIT = "audit", "Audit log entries deleted"
    FEEDBACK_TEXT = "feedback_text", "Free-text feedback answers blanked"


class Purge(models.Model):
    """The destruction log for what retention removes in bulk, not per student: one line per run that
    removed anything, with counts only (never which rows), so it can be shown what was done and why."""

    at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=PurgeKind.choices)
    count = models.PositiveIntegerField()
    before = models.DateTimeField(help_text="Everything of this kind from before this moment.")
    basis = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.count} from before {self.before:%Y-%m-%d} ({self.at:%Y-%m-%d})"
        )
