"""Working with carers: the Triangle of Care self-assessment and the carers' needs prioritisation."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from warp.teams.models.team import Team


class CareStandard(models.Model):
    """One of the six Triangle of Care standards. Seeded by a migration; editable by administrators."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class CareRatingLevel(models.TextChoices):
    NOT_IN_PLACE = "not", "Not in place"
    PARTLY = "partly", "Partly in place"
    FULLY = "fully", "Fully in place"


class CareKind(models.TextChoices):
    SELF = "self", "Self-assessment"
    AUDIT = "audit", "Audit"


class CareAssessment(models.Model):
    """A team's yearly Triangle of Care self-assessment, or the audit beside it by someone from outside
    the team (the standards' "regular assessing and auditing"), each with its own ratings."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="care_assessments")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=CareKind.choices, default=CareKind.SELF)
    audited_by = models.CharField(
        max_length=200, blank=True, help_text="Who audited, from outside the team (audits only)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year", "kind"], name="one_care_assessment_of_each_kind_per_team_per_year"
            ),
            models.CheckConstraint(
                name="care_assessment_kind_is_known", condition=Q(kind__in=CareKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} Triangle of Care {self.get_kind_display().lower()} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("teams:care-detail", args=[self.pk])

    @property
    def is_audit(self) -> bool:
        return self.kind == CareKind.AUDIT


class CareRating(models.Model):
    assessment = models.ForeignKey(CareAssessment, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey(CareStandard, on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=8, choices=CareRatingLevel.choices)
    evidence = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    owner = models.CharField(max_length=120, blank=True)
    due_on = models.DateField("action date", null=True, blank=True)

    class Meta:
        ordering = ["assessment", "standard__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="one_rating_per_standard"),
            models.CheckConstraint(
                name="care_rating_is_known", condition=Q(rating__in=CareRatingLevel.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.get_rating_display()}"


class PrioritisationExercise(models.Model):
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    # What the group finally named (report lines 767-775): build on the strongest, the weakest and the
    # most important area.
    strongest_area = models.ForeignKey(
        "PriorityArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    weakest_area = models.ForeignKey(
        "PriorityArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    most_important_area = models.ForeignKey(
        "PriorityArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("teams:exercise-detail", args=[self.pk])


class CarerProblem(models.Model):
    """A problem on one exercise's own list (the report's study had 34), which participants may choose
    among their five; the group's top three are marked by ``group_rank`` (1 to 3)."""

    exercise = models.ForeignKey(PrioritisationExercise, on_delete=models.CASCADE, related_name="problems")
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True, help_text="Only active problems can be picked.")
    group_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The group's first, second or third choice, if it is one."
    )

    class Meta:
        ordering = ["exercise", "name"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "name"], name="carer_problem_unique_in_exercise"),
            models.UniqueConstraint(
                fields=["exercise", "group_rank"], name="one_problem_per_group_rank_in_exercise"
            ),
            models.CheckConstraint(
                name="carer_problem_group_rank_1_to_3",
                condition=Q(group_rank__isnull=True) | Q(group_rank__gte=1, group_rank__lte=3),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ParticipantGroup(models.TextChoices):
    CARERS = "carers", "Carers and supporters"
    PROFESSIONALS = "professionals", "Professionals"
    PEOPLE = "people", "People who use services"
    THIRD_SECTOR = "third_sector", "Third-sector workers"


MAX_PICKS = 5


class Participant(models.Model):
    """Someone taking part, known only by a label such as 'Participant 4' and their group."""

    exercise = models.ForeignKey(
        PrioritisationExercise, on_delete=models.CASCADE, related_name="participants"
    )
    label = models.CharField(max_length=60)
    group = models.CharField("perspective", max_length=16, choices=ParticipantGroup.choices)
    picks = models.ManyToManyField(CarerProblem, related_name="picked_by", blank=True)

    class Meta:
        ordering = ["exercise", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "label"], name="participant_label_unique_in_exercise"
            ),
            models.CheckConstraint(
                name="participant_group_is_known", condition=Q(group__in=ParticipantGroup.values)
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PriorityArea(models.Model):
    """A priority area condensed from the group's choices, on which participants then rate progress."""

    exercise = models.ForeignKey(PrioritisationExercise, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    problems = models.ManyToManyField(
        CarerProblem, related_name="areas", blank=True, help_text="The problems this area was condensed from."
    )

    class Meta:
        ordering = ["exercise", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "name"], name="priority_area_unique_in_exercise"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgressRating(models.Model):
    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="ratings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="progress_ratings")
    percent = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "participant"], name="one_progress_rating_per_area"),
            models.CheckConstraint(name="progress_0_to_100", condition=Q(percent__gte=0, percent__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.percent}%"
