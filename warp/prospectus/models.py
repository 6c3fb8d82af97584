from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from warp.accounts.models import TrainerKind
from warp.core.words import short_date

# A place is taken by a booking that is booked, or offered and not yet answered (bookings app's statuses).
PLACE_TAKING_STATUSES = ["booked", "offered"]
WAITING_STATUS = "waiting"
REVIEW_WARNING_DAYS = 30


class Level(models.TextChoices):
    REC_COURSE = "rec", "Recovery Education Centre course"
    INTENSIVE = "intensive", "Intensive Community Recovery Education"
    SKILLS_WORKSHOP = "workshop", "Recovery Skills Workshop"


# The levels the public prospectus lists and students book: skills workshops are held on wards and
# recorded by headcount (warp/outreach), and intensive courses are closed cohorts filled by referral.
PUBLIC_LEVELS = (Level.REC_COURSE,)


class Perspective(models.TextChoices):
    LIVED_MENTAL_HEALTH = "lived_mental_health", "Lived experience of mental health problems"
    LIVED_CARING = "lived_caring", "Lived experience of caring"
    PROFESSIONAL = "professional", "Professional"


class CourseQuerySet(models.QuerySet["Course"]):
    def offered(self):
        return self.filter(is_historic=False)

    def due_for_review(self, today: date):
        """Courses whose review date has passed or falls within the next 30 days, soonest first."""
        return (
            self.offered()
            .filter(review_date__lte=today + timedelta(days=REVIEW_WARNING_DAYS))
            .order_by("review_date", "title")
        )


def theme_key(name: str) -> str:
    """What makes two theme names the same theme: case, spacing, punctuation, "&" for "and" and a plural
    "s" ignored ("Carers & supporters" and "carer and supporter" are one theme)."""
    words = "".join(c if c.isalnum() else " " for c in name.casefold().replace("&", " and ")).split()
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words)


class CourseTheme(models.Model):
    """A theme of the prospectus, from the list centre managers keep; a course's theme is one of these."""

    name = models.CharField(max_length=100, unique=True)
    key = models.CharField(max_length=100, unique=True, editable=False, help_text="See theme_key.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = theme_key(self.name)
        super().save(*args, **kwargs)


class Course(models.Model):
    """A catalogue entry, co-produced by people with lived experience and professionals."""

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    learning_outcomes = models.TextField(blank=True)
    audience = models.CharField(max_length=200, blank=True, help_text="Who the course is for.")
    theme = models.CharField(
        max_length=100, blank=True, help_text="One of the course themes (CourseTheme), or none."
    )
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.REC_COURSE)
    usual_sessions = models.PositiveSmallIntegerField(default=1)
    usual_session_minutes = models.PositiveSmallIntegerField(default=120)
    review_date = models.DateField(null=True, blank=True)
    is_historic = models.BooleanField(
        default=False, help_text="Known only from imported history; not offered any more."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

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


class TermQuerySet(models.QuerySet["Term"]):
    def with_published_runs(self):
        published = CourseRun.objects.filter(term=OuterRef("pk"), status=RunStatus.PUBLISHED)
        return self.filter(Exists(published))

    def for_prospectus(self, today: date) -> "Term | None":
        """The term the prospectus opens on: the current or next term with published runs, else the latest."""
        return Term.for_prospectus_among(list(self.with_published_runs()), today)


class Term(models.Model):
    name = models.CharField(max_length=100, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_historic = models.BooleanField(default=False, help_text="Known only from imported history.")

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                name="term_starts_before_it_ends", condition=Q(starts_on__lte=F("ends_on"))
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def for_prospectus_among(terms: "list[Term]", today: date) -> "Term | None":
        """Of these terms (with published runs): the current or next one, else the latest."""
        upcoming = sorted((t for t in terms if t.ends_on >= today), key=lambda t: t.starts_on)
        if upcoming:
            return upcoming[0]
        return max(terms, key=lambda t: t.starts_on, default=None)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The term must end on or after the day it starts."})


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


class TimeOfDay(models.TextChoices):
    MORNING = "morning", "Morning (before 12 noon)"
    AFTERNOON = "afternoon", "Afternoon (12 noon to 5pm)"
    EVENING = "evening", "Evening (from 5pm)"


TIME_OF_DAY_RANGES = {
    TimeOfDay.MORNING: (time(0, 0), time(12, 0)),
    TimeOfDay.AFTERNOON: (time(12, 0), time(17, 0)),
    TimeOfDay.EVENING: (time(17, 0), time(23, 59, 59)),
}


class CourseRunQuerySet(models.QuerySet["CourseRun"]):
    def published(self):
        return self.filter(status=RunStatus.PUBLISHED)

    def with_places_left(self):
        """Annotate places_taken (booked or offered), waiting_count and places_left (never below 0).

        The bookings app relies on these names. Each count is a correlated subquery (served by the bookings'
        run-and-status index), not a join and GROUP BY: a page of runs then counts only its own runs'
        bookings, a paginator's COUNT(*) drops them, and other annotations cannot multiply them.
        """
        # Bookings live in a higher app: reached through the reverse relation, never imported.
        booking = self.model._meta.get_field("bookings").related_model
        assert not isinstance(booking, str)  # resolved once the apps are loaded

        def counted(**conditions):
            rows = booking._default_manager.filter(course_run=OuterRef("pk"), **conditions).order_by()
            n = rows.values("course_run").annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(n, output_field=models.IntegerField()), Value(0))

        return self.annotate(
            places_taken=counted(status__in=PLACE_TAKING_STATUSES),
            waiting_count=counted(status=WAITING_STATUS),
        ).annotate(
            places_left=Greatest(
                F("places") - F("places_taken"), Value(0), output_field=models.IntegerField()
            )
        )

    def with_sessions_and_trainers(self):
        return self.select_related("course", "term").prefetch_related(
            models.Prefetch("sessions", queryset=Session.objects.select_related("venue")),
            models.Prefetch("run_trainers", queryset=CourseRunTrainer.objects.select_related("trainer")),
        )

    def for_prospectus(self, term: "Term"):
        """A term's published runs with everything the prospectus shows, in a fixed number of queries."""
        return (
            self.published()
            .filter(term=term, course__level__in=PUBLIC_LEVELS)
            .with_places_left()
            .with_sessions_and_trainers()
            .order_by("course__title", "pk")
        )


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
    label = models.CharField(
        max_length=50,
        blank=True,
        help_text="Tells apart two runs of one course in one term in imported history (for example 'Poole').",
    )
    is_historic = models.BooleanField(
        default=False,
        help_text="From the centre's history before WaRP: kept for the reports, never published.",
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The run of an earlier term this one was copied from (copying a term twice warns).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseRunQuerySet.as_manager()

    class Meta:
        ordering = ["term", "course__title", "pk"]
        indexes = [models.Index(fields=["term", "status"], name="run_term_status")]

    def __str__(self) -> str:
        return f"{self.course} ({self.term})"

    def clean(self):
        if (
            self.booking_opens_at
            and self.booking_closes_at
            and self.booking_closes_at <= self.booking_opens_at
        ):
            raise ValidationError({"booking_closes_at": "Booking must close after it opens."})

    @property
    def is_published(self) -> bool:
        return self.status == RunStatus.PUBLISHED

    # The helpers below read prefetched sessions and trainers (see with_sessions_and_trainers).
    def trainer_kinds(self) -> set[str]:
        return {assignment.perspective for assignment in self.run_trainers.all()}

    def first_session(self) -> "Session | None":
        sessions = list(self.sessions.all())
        return sessions[0] if sessions else None

    def last_session(self) -> "Session | None":
        sessions = list(self.sessions.all())
        return sessions[-1] if sessions else None

    def venues(self) -> list["Venue"]:
        seen: dict[int, Venue] = {}
        for session in self.sessions.all():
            if session.venue is not None:
                seen.setdefault(session.venue.pk, session.venue)
        return list(seen.values())

    def has_online_sessions(self) -> bool:
        return any(session.is_online for session in self.sessions.all())


class CourseRunTrainer(models.Model):
    """A trainer co-delivering a run, with the perspective they bring to this run: peer or professional.

    It starts as the trainer's usual perspective (`User.trainer_kind`), and may differ: a professional with
    lived experience may co-deliver one run as a peer trainer. The co-delivery rule counts these."""

    course_run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="run_trainers")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="run_assignments"
    )
    perspective = models.CharField(
        max_length=16,
        choices=TrainerKind.choices,
        help_text="The perspective this trainer brings to this run.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_run", "trainer"], name="one_assignment_per_trainer")
        ]

    def __str__(self) -> str:
        return f"{self.trainer} on {self.course_run}"

    def save(self, *args, **kwargs):
        # Made without a perspective (code written before runs recorded one): the trainer's usual one.
        if not self.perspective:
            self.perspective = self.trainer.trainer_kind
        super().save(*args, **kwargs)


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
        return f"{self.course_run.course} on {short_date(self.date)}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The session must end after it starts: check the end time."
        if not self.is_online and self.venue_id is None:
            errors["venue"] = "Choose a venue, or tick 'Online' if the session is held online."
        if self.is_online and self.venue_id is not None:
            errors["venue"] = "An online session has no venue: clear the venue or untick 'Online'."
        if errors:
            raise ValidationError(errors)

    @property
    def minutes(self) -> int:
        start = self.starts_at.hour * 60 + self.starts_at.minute
        return self.ends_at.hour * 60 + self.ends_at.minute - start
