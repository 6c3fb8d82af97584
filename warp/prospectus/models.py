from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Level(models.TextChoices):
    REC_COURSE = "rec", "Recovery Education Centre course"
    INTENSIVE = "intensive", "Intensive Community Recovery Education"
    SKILLS_WORKSHOP = "workshop", "Recovery Skills Workshop"


class Perspective(models.TextChoices):
    LIVED_MENTAL_HEALTH = "lived_mental_health", "Lived experience of mental health problems"
    LIVED_CARING = "lived_caring", "Lived experience of caring"
    PROFESSIONAL = "professional", "Professional"


class Course(models.Model):
    """A catalogue entry, co-produced by people with lived experience and professionals."""

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    learning_outcomes = models.TextField(blank=True)
    audience = models.CharField(max_length=200, blank=True, help_text="Who the course is for.")
    theme = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.REC_COURSE)
    usual_sessions = models.PositiveSmallIntegerField(default=1)
    usual_session_minutes = models.PositiveSmallIntegerField(default=120)
    review_date = models.DateField(null=True, blank=True)
    is_historic = models.BooleanField(
        default=False, help_text="Known only from imported history; not offered any more."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CoProducer(models.Model):
    """Someone who designed a course, and the perspective they brought."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="co_producers")
    name = models.CharField(max_length=200)
    perspective = models.CharField(max_length=32, choices=Perspective.choices)

    class Meta:
        ordering = ["course", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_perspective_display()})"


class Term(models.Model):
    name = models.CharField(max_length=100, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_historic = models.BooleanField(default=False, help_text="Known only from imported history.")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                name="term_starts_before_it_ends", condition=Q(starts_on__lte=F("ends_on"))
            )
        ]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    locality = models.CharField(max_length=100, help_text="The town or area, for browsing the prospectus.")
    postcode = models.CharField(max_length=10, blank=True)
    access_information = models.TextField(
        blank=True, help_text="Step-free access, parking, hearing loop, quiet space, public transport."
    )

    class Meta:
        ordering = ["locality", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.locality}"


class RunStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class CourseRun(models.Model):
    """One delivery of a course in a term: its places, booking window, sessions and trainers."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="runs")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="runs")
    places = models.PositiveSmallIntegerField(default=16)
    booking_opens_at = models.DateTimeField(null=True, blank=True)
    booking_closes_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT)
    trainers: models.ManyToManyField = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CourseRunTrainer", related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term", "course__title", "pk"]
        indexes = [models.Index(fields=["term", "status"], name="run_term_status")]

    def __str__(self) -> str:
        return f"{self.course} ({self.term})"


class CourseRunTrainer(models.Model):
    """A trainer co-delivering a run. Peer or professional comes from the trainer's account."""

    course_run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="run_trainers")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="run_assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_run", "trainer"], name="one_assignment_per_trainer")
        ]

    def __str__(self) -> str:
        return f"{self.trainer} on {self.course_run}"


class Session(models.Model):
    course_run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    room = models.CharField(max_length=100, blank=True)
    is_online = models.BooleanField(default=False)
    joining_link = models.URLField(blank=True, help_text="Shown only to booked students and the trainers.")

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["date", "starts_at"], name="session_when")]
        constraints = [
            models.CheckConstraint(
                name="session_starts_before_it_ends", condition=Q(starts_at__lt=F("ends_at"))
            ),
            models.CheckConstraint(
                name="session_has_a_place", condition=Q(is_online=True) | Q(venue__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_run.course} on {self.date:%d %b %Y}"
