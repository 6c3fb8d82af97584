from django import forms

from warp.accounts.models import Role, User
from warp.core.forms import WarpForm, WarpModelForm
from warp.teams.models import (
    MAX_PICKS,
    CareRatingLevel,
    CarerProblem,
    ChallengeAction,
    FocusArea,
    ParticipantGroup,
    PartnershipProject,
    PdsaAction,
    Perspective,
    Team,
    TripRound,
    WorkItem,
)
from warp.teams.models.trip import latest_review_date
from warp.teams.services import CareRatingInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TeamForm(WarpModelForm):
    leads = forms.ModelMultipleChoiceField(
        queryset=User.objects.holding(Role.TEAM_LEAD).filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Team leads",
        help_text="Team leads see and manage only the teams they lead.",
    )

    class Meta:
        model = Team
        fields = ["name", "kind", "locality", "directorate", "leads"]


class TripRoundForm(WarpModelForm):
    class Meta:
        model = TripRound
        fields = ["held_on", "next_review_on", "notes"]
        widgets = {"held_on": DateInput(), "next_review_on": DateInput()}
        help_texts = {
            "next_review_on": "Leave empty for exactly three months on. It cannot be later than that."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].required = False

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        # The same years a Triangle of Care assessment allows; a date in year 9999 has no review date.
        if not 2000 <= held_on.year <= 2100:
            raise forms.ValidationError(
                "Check the year: write the day the round was held, for example 15/01/2026."
            )
        return held_on

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("held_on") and not data.get("next_review_on"):
            data["next_review_on"] = latest_review_date(data["held_on"])
            self.instance.next_review_on = data["next_review_on"]
        return data


class ScoresForm(WarpForm):
    """A perspective and a 0-5 score for each criterion.

    `grid=True` (facilitators typing paper forms): number boxes in a table, type a digit and Tab on.
    `grid=False` (raters on a link): radio buttons with the meaning of each score.
    """

    perspective = forms.ChoiceField(
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        label="Whose view is this?",
    )

    def __init__(self, *args, criteria, key=None, grid: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.grid = grid
        for criterion in self.criteria:
            message = f"Give “{criterion.number}. {criterion.name}” a score from 0 to 5."
            if grid:
                field: forms.Field = forms.IntegerField(
                    min_value=0,
                    max_value=5,
                    label=f"{criterion.number}. {criterion.name}",
                    widget=forms.NumberInput(
                        attrs={"inputmode": "numeric", "min": 0, "max": 5, "class": "nhsuk-input--width-2"}
                    ),
                    error_messages={
                        "required": message,
                        "min_value": message,
                        "max_value": message,
                        "invalid": message,
                    },
                )
            else:
                field = forms.TypedChoiceField(
                    coerce=int,
                    choices=[(row.score, f"{row.score}: {row.meaning}") for row in key or []],
                    widget=forms.RadioSelect,
                    label=f"{criterion.number}. {criterion.name}",
                    help_text=criterion.description,
                    error_messages={"required": message},
                )
            self.fields[f"score_{criterion.pk}"] = field
        if not grid:
            self.fields["perspective"].label = "Which of these best describes you?"

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class LinksForm(WarpForm):
    count = forms.IntegerField(
        min_value=1,
        max_value=50,
        initial=5,
        label="How many links?",
        help_text="One link for each person you will ask.",
    )


class FocusAreaForm(WarpModelForm):
    class Meta:
        model = FocusArea
        fields = ["criterion", "aim"]


class PdsaActionForm(WarpModelForm):
    class Meta:
        model = PdsaAction
        fields = ["title", "owner", "due_on", "state", "plan", "do", "study", "act"]
        widgets = {
            "due_on": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ["plan", "do", "study", "act"]},
        }


class WorkItemForm(WarpModelForm):
    class Meta:
        model = WorkItem
        fields = ["team", "kind", "state", "summary", "started_on", "ended_on", "notes"]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ProjectForm(WarpModelForm):
    class Meta:
        model = PartnershipProject
        fields = ["name", "kind", "partners", "state", "summary", "started_on", "ended_on", "notes"]
        labels = {"kind": "Which section of the register is it in?"}
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class CareAssessmentForm(WarpForm):
    year = forms.IntegerField(min_value=2000, max_value=2100)

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        for s in self.standards:
            self.fields[f"s{s.pk}_rating"] = forms.ChoiceField(
                choices=CareRatingLevel.choices,
                widget=forms.RadioSelect,
                label=f"How far is standard {s.number} in place?",
            )
            self.fields[f"s{s.pk}_evidence"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Evidence"
            )
            self.fields[f"s{s.pk}_actions"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Actions"
            )
            self.fields[f"s{s.pk}_owner"] = forms.CharField(required=False, max_length=120, label="Owner")
            self.fields[f"s{s.pk}_due_on"] = forms.DateField(
                required=False, widget=DateInput(), label="Action date"
            )

    def groups(self):
        return [
            (s, [self[f"s{s.pk}_{name}"] for name in ["rating", "evidence", "actions", "owner", "due_on"]])
            for s in self.standards
        ]

    def ratings(self) -> dict[int, CareRatingInput]:
        data = self.cleaned_data
        return {
            s.pk: CareRatingInput(
                **{
                    name: data[f"s{s.pk}_{name}"]
                    for name in ["rating", "evidence", "actions", "owner", "due_on"]
                }
            )
            for s in self.standards
        }


class CareAuditForm(CareAssessmentForm):
    """The audit beside a team's self-assessment: the same ratings, evidence and actions, and who audited."""

    audited_by = forms.CharField(
        max_length=200,
        label="Who audited",
        help_text="Someone from outside the team, with their role, for example 'Carers' lead, the forum'.",
    )

    field_order = ["year", "audited_by"]


class CarerProblemForm(WarpForm):
    name = forms.CharField(max_length=200, label="Add a problem to this exercise's list")


class ExerciseForm(WarpForm):
    title = forms.CharField(max_length=200)
    held_on = forms.DateField(widget=DateInput(), label="Date of the exercise")
    start_from_report = forms.BooleanField(
        required=False,
        label="Start the list from the problems the 2012–14 report names",
        help_text="Eight problems. You can add your own to the list afterwards.",
    )


class ParticipantForm(WarpForm):
    label = forms.CharField(max_length=60, help_text="No names: for example, “Participant 7”.")
    group = forms.ChoiceField(choices=ParticipantGroup.choices, widget=forms.RadioSelect, label="Perspective")
    picks = forms.ModelMultipleChoiceField(
        queryset=CarerProblem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=f"The {MAX_PICKS} problems that matter most to them",
        help_text=f"Up to {MAX_PICKS}.",
        required=False,
    )

    def __init__(self, *args, exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picks"].queryset = exercise.problems.filter(active=True).order_by("name")  # type: ignore[attr-defined]

    def clean_picks(self):
        picks = self.cleaned_data["picks"]
        if len(picks) > MAX_PICKS:
            raise forms.ValidationError(
                f"Choose up to {MAX_PICKS} problems: {len(picks)} are ticked. Untick some and send the form again."
            )
        return picks


class TopThreeForm(WarpForm):
    """The group's first, second and third choice from the exercise's list."""

    def __init__(self, *args, exercise, **kwargs):
        super().__init__(*args, **kwargs)
        problems = exercise.problems.filter(active=True).order_by("name")
        for field, label in (("first", "First"), ("second", "Second"), ("third", "Third")):
            self.fields[field] = forms.ModelChoiceField(
                queryset=problems, label=f"The group's {label.lower()} choice"
            )

    def clean(self):
        data = super().clean() or {}
        chosen = [data.get(f) for f in ("first", "second", "third")]
        if all(chosen) and len({p.pk for p in chosen if p is not None}) != 3:
            raise forms.ValidationError("Choose three different problems: a first, a second and a third.")
        return data

    def problems(self):
        return [self.cleaned_data[f] for f in ("first", "second", "third")]


class PriorityAreaForm(WarpForm):
    name = forms.CharField(max_length=200, label="Name of the priority area")
    problems = forms.ModelMultipleChoiceField(
        queryset=CarerProblem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="The problems it was condensed from",
        required=False,
    )

    def __init__(self, *args, exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = exercise.problems.order_by("-group_rank", "name")  # type: ignore[attr-defined]


class ConclusionsForm(WarpForm):
    """The areas the group names to build on."""

    def __init__(self, *args, exercise, **kwargs):
        super().__init__(*args, **kwargs)
        areas = exercise.areas.order_by("pk")
        for field, label in (
            ("strongest", "The strongest area"),
            ("weakest", "The weakest area"),
            ("most_important", "The most important area"),
        ):
            self.fields[field] = forms.ModelChoiceField(queryset=areas, label=label, required=False)


class ProgressForm(WarpForm):
    def __init__(self, *args, participants, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        self.fields["participant"] = forms.ModelChoiceField(queryset=participants, label="Participant")
        for area in self.areas:
            self.fields[f"area_{area.pk}"] = forms.IntegerField(
                min_value=0,
                max_value=100,
                required=False,
                label=f"{area.name} (progress in %)",
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
            )

    def ratings(self):
        return {area: self.cleaned_data[f"area_{area.pk}"] for area in self.areas}


class ChallengeActionForm(WarpModelForm):
    class Meta:
        model = ChallengeAction
        fields = ["title", "owner", "state", "starts_on", "due_on", "notes"]
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
