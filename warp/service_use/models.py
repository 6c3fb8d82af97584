"""Service use and its costs: the health-economics part of the evaluation.

The centre keeps the services it asks about (GP, A&E, crisis team...) and each one's unit cost, with where
the cost comes from and its year. A student's answer says, for one period (`before` or `after` attending)
and the months it covers, how many contacts they had with each service; a service missing from an answer
counts 0.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from warp.students.models import Student


class Service(models.Model):
    """A service students may use, and what one contact with it costs (editable data)."""

    code = models.SlugField(max_length=40, unique=True, help_text="A short code imports use, for example gp.")
    label = models.CharField(max_length=120, unique=True)
    unit_cost = models.DecimalField(
        max_digits=9, decimal_places=2, validators=[MinValueValidator(0)], help_text="In pounds, per contact."
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the cost comes from.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The year the cost is for.")
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True, help_text="Untick to stop asking about it.")

    class Meta:
        ordering = ["order", "label"]
        constraints = [
            models.CheckConstraint(condition=models.Q(unit_cost__gte=0), name="service_cost_not_negative")
        ]

    def __str__(self) -> str:
        return self.label


class Period(models.TextChoices):
    BEFORE = "before", "Before attending"
    AFTER = "after", "After attending"


class ServiceUseAnswer(models.Model):
    """One student's answer for one period: the months it covers and (in `contacts`) each service used."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="service_use_answers")
    answered_on = models.DateField()
    period = models.CharField(max_length=6, choices=Period.choices)
    months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-answered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "answered_on", "period"], name="service_use_one_answer"
            ),
            models.CheckConstraint(condition=models.Q(months__gte=1), name="service_use_months_positive"),
        ]
        indexes = [
            models.Index(fields=["period", "answered_on"], name="service_use_period_date"),
            # Each person's earliest `before` and latest `after` (queries.pairs) are looked up by student,
            # period and date. Without this index SQLite searched every answer in the period instead:
            # the report took 57 s at 100,000 students in `make bench` (bench/results/fixes.md).
            models.Index(fields=["student", "period", "answered_on"], name="service_use_student_period"),
        ]

    def __str__(self) -> str:
        return f"Service use {self.period} answered {self.answered_on:%Y-%m-%d}"


class ServiceContact(models.Model):
    """How many contacts with one service an answer counts (a service not listed counts 0)."""

    answer = models.ForeignKey(ServiceUseAnswer, on_delete=models.CASCADE, related_name="contacts")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="contacts")
    contacts = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["answer", "service"], name="service_contact_once")]

    def __str__(self) -> str:
        return f"{self.contacts} × {self.service}"
