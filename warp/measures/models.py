"""Outcome questionnaires (instruments) the centre types in, students' responses, and requests to fill one in.

WaRP ships no questionnaire's wording: a centre enters the one it holds a licence for. An instrument's
scoring lives in its versions; a response keeps the version it was scored with, so editing an instrument
whose responses exist makes a new version instead of changing old scores (measures/services.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ScoreMethod(models.TextChoices):
    SUM = "sum", "Add up the item scores"
    MEAN = "mean", "Average of the item scores"


class Occasion(models.TextChoices):
    BASELINE = "baseline", "Baseline (before)"
    FOLLOW_UP = "follow-up", "Follow-up (after)"


class ResponseSource(models.TextChoices):
    PORTAL = "portal", "Filled in by the student in their portal"
    PAPER = "paper", "Typed in from a paper form"
    IMPORT = "import", "Imported from the centre's history"


class AskWhen(models.TextChoices):
    """When the centre asks students to fill in a questionnaire without anyone asking by hand
    (measures/receivers.py). Requests are made by hand whichever is chosen."""

    BY_HAND = "by-hand", "By hand only"
    PLAN_AND_REVIEW = (
        "plan-and-review",
        ("When a learning plan is agreed (baseline) and when a Learning Plan Review is recorded (follow-up)"),
    )
    RUN_SESSIONS = (
        "run-sessions",
        (
            "At the first session of each course run a student has a place on (baseline) and at its last "
            "session (follow-up)"
        ),
    )
    ALL = "all", "At all four of these moments"

    @classmethod
    def with_plan_and_review(cls) -> list[str]:
        return [cls.PLAN_AND_REVIEW, cls.ALL]

    @classmethod
    def with_run_sessions(cls) -> list[str]:
        return [cls.RUN_SESSIONS, cls.ALL]


class Instrument(models.Model):
    """A questionnaire the centre uses. Its scoring is in its versions; the newest is the one in use."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    licence = models.TextField(blank=True)
    show_scores_to_students = models.BooleanField(default=False)
    ask_when = models.CharField(max_length=16, choices=AskWhen.choices, default=AskWhen.BY_HAND)

    class Meta:
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def current(self) -> "InstrumentVersion":
        version = self.versions.order_by("-number").first()
        assert version is not None, "every instrument is made with its first version"
        return version


class InstrumentVersion(models.Model):
    """How an instrument is scored at one time. Never changed once a response uses it."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    items = models.JSONField()  # [{"number": 1, "text": "..."}, ...] in order
    response_min = models.SmallIntegerField()
    response_max = models.SmallIntegerField()
    reverse_items = models.JSONField(default=list, blank=True)  # item numbers
    score = models.CharField(max_length=8, choices=ScoreMethod.choices)
    conversion = models.JSONField(default=dict, blank=True)  # {"raw sum": reported score}, sum only
    higher_is_better = models.BooleanField()
    reliability = models.FloatField()
    reference_sd = models.FloatField()
    clinical_cutoff = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="instrument_version_once"),
            models.CheckConstraint(
                name="instrument_range_is_a_range", condition=Q(response_min__lt=models.F("response_max"))
            ),
            models.CheckConstraint(
                name="instrument_reliability_below_one", condition=Q(reliability__gte=0, reliability__lt=1)
            ),
            models.CheckConstraint(name="instrument_reference_sd_positive", condition=Q(reference_sd__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name}, version {self.number}"

    @property
    def item_count(self) -> int:
        return len(self.items)


class MeasureRequestQuerySet(models.QuerySet["MeasureRequest"]):
    def waiting(self):
        return self.filter(response__isnull=True)


class MeasureRequest(models.Model):
    """The centre asking one student to fill in a questionnaire in their portal."""

    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="measure_requests")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="requests")
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.OneToOneField(
        "MeasureResponse", null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )

    objects = MeasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument.name} ({self.get_occasion_display()}) for {self.student}"


class MeasureResponse(models.Model):
    """One completed questionnaire. Create only through measures.services (response_record, the import).

    `score` is null when an item was left unanswered (`is_complete` false): the answers are kept, unscored.
    """

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="measure_responses"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="responses")
    completed_on = models.DateField()
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    answers = models.JSONField()  # one whole number or null per item, in item order
    is_complete = models.BooleanField()
    score = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=ResponseSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "instrument", "completed_on", "occasion"], name="measure_response_once"
            ),
            models.CheckConstraint(
                name="measure_response_scored_when_complete",
                condition=Q(is_complete=True, score__isnull=False) | Q(is_complete=False, score__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["instrument", "completed_on"], name="measure_response_period"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name} ({self.get_occasion_display()}) on {self.completed_on}"
