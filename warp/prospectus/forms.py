from django import forms

from warp.accounts.models import Role, TrainerKind, User
from warp.core.forms import CHOOSE_PROMPT, DATE, WarpForm, WarpModelForm
from warp.prospectus.models import (
    PUBLIC_LEVELS,
    CoProducer,
    Course,
    CourseRun,
    CourseTheme,
    Level,
    Perspective,
    Session,
    Term,
    TimeOfDay,
    Venue,
)

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

WEEKDAYS = [
    ("1", "Monday"),
    ("2", "Tuesday"),
    ("3", "Wednesday"),
    ("4", "Thursday"),
    ("5", "Friday"),
    ("6", "Saturday"),
    ("7", "Sunday"),
]


class CourseForm(WarpModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "learning_outcomes",
            "audience",
            "theme",
            "level",
            "usual_sessions",
            "usual_session_minutes",
            "review_date",
            "is_historic",
        ]
        labels = {
            "usual_sessions": "Usual number of sessions",
            "usual_session_minutes": "Usual length of a session, in minutes",
            "is_historic": "No longer offered",
        }
        help_texts = {
            "learning_outcomes": "What students will be able to do or understand afterwards. One per line.",
            "review_date": "When the course is next due for review, for example 2027-03-31.",
        }
        widgets = {"review_date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = list(CourseTheme.objects.values_list("name", flat=True))
        current = self.instance.theme if self.instance and self.instance.pk else ""
        if current and current not in names:  # kept from before the list, until someone changes it
            names.append(current)
        self.fields["theme"] = forms.ChoiceField(
            choices=[("", "No theme")] + [(name, name) for name in names],
            required=False,
            label="Theme",
            help_text="Choose from the course themes. Centre managers keep the list, at Courses, Course themes.",
        )


class CourseThemeForm(WarpForm):
    name = forms.CharField(
        max_length=100,
        label="Name of the new theme",
        help_text="For example: Understanding mental health, Living well, Carers and supporters.",
        error_messages={"required": "Enter the name of the new theme."},
    )


class CoProducerForm(WarpModelForm):
    class Meta:
        model = CoProducer
        fields = ["name", "perspective"]
        labels = {"perspective": "What they brought"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        perspective = self.fields["perspective"]
        assert isinstance(perspective, forms.ChoiceField)
        perspective.choices = [("", CHOOSE_PROMPT)] + list(Perspective.choices)


CoProducerFormSet = forms.inlineformset_factory(
    Course, CoProducer, form=CoProducerForm, extra=2, can_delete=True, max_num=30
)


class VenueForm(WarpModelForm):
    class Meta:
        model = Venue
        fields = ["name", "address", "locality", "postcode", "access_information"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class TermForm(WarpModelForm):
    class Meta:
        model = Term
        fields = ["name", "starts_on", "ends_on"]
        labels = {"starts_on": "First day of term", "ends_on": "Last day of term"}
        widgets = {"starts_on": DATE, "ends_on": DATE}


class CourseRunForm(WarpModelForm):
    class Meta:
        model = CourseRun
        fields = ["course", "places", "booking_opens_at", "booking_closes_at"]
        labels = {
            "booking_opens_at": "Booking opens",
            "booking_closes_at": "Booking closes",
        }
        help_texts = {
            "booking_opens_at": "Leave empty to open booking as soon as the run is published.",
            "booking_closes_at": "Leave empty to keep booking open until the first session.",
        }
        widgets = {"booking_opens_at": DATETIME, "booking_closes_at": DATETIME}
        error_messages = {"places": {"required": "Enter the number of places, for example 12."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ModelChoiceField)
        course.queryset = Course.objects.offered()


class SessionForm(WarpModelForm):
    joining_link = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="Shown only to booked students and the trainers, never in the prospectus.",
    )

    class Meta:
        model = Session
        fields = ["date", "starts_at", "ends_at", "venue", "room", "is_online", "joining_link"]
        labels = {"starts_at": "Starts at", "ends_at": "Ends at", "is_online": "Online"}
        help_texts = {
            "venue": "Leave empty for an online session.",
        }
        widgets = {"date": DATE, "starts_at": TIME, "ends_at": TIME}
        error_messages = {
            "date": {"required": "Enter the date of the session, for example 15/01/2026."},
            "starts_at": {"required": "Enter the time the session starts at, for example 10:00."},
            "ends_at": {"required": "Enter the time the session ends at, for example 12:00."},
        }

    outside_term = forms.BooleanField(
        label="This session is outside the term's dates on purpose",
        required=False,
        help_text="Only tick this if the date is right, for example a catch-up session after the term ends. "
        "The prospectus shows the course run's real dates.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venue = self.fields["venue"]
        assert isinstance(venue, forms.ModelChoiceField)
        venue.empty_label = "No venue (online)"


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.get_trainer_kind_display().lower()})"


class TrainerAddForm(WarpForm):
    trainer = TrainerChoiceField(
        queryset=User.objects.holding(Role.TRAINER).filter(is_active=True),
        empty_label=CHOOSE_PROMPT,
        label="Add a trainer",
    )
    perspective = forms.ChoiceField(
        choices=[("", "Their usual perspective"), *TrainerKind.choices],
        required=False,
        label="The perspective they bring to this run",
        help_text="A professional with lived experience may co-deliver this run as a peer trainer.",
    )


class TermCopyForm(WarpForm):
    from_term = forms.ModelChoiceField(
        queryset=Term.objects.none(), label="Copy the course runs of", empty_label=CHOOSE_PROMPT
    )

    if_copied = forms.ChoiceField(
        label="If some of these course runs were copied here before",
        required=False,
        choices=[
            ("skip", "Skip the course runs already copied (recommended)"),
            ("again", "Copy them again, as well"),
        ],
        widget=forms.RadioSelect,
        help_text="This only matters when you have copied the same term before.",
    )

    def __init__(self, *args, to_term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_term"].queryset = Term.objects.exclude(pk=to_term.pk).order_by("-starts_on")  # type: ignore[attr-defined]


class RunBulkForm(WarpForm):
    """The term page's ticks: which draft runs to publish or delete together."""

    runs = forms.ModelMultipleChoiceField(
        queryset=CourseRun.objects.none(),
        label="Draft runs",
        error_messages={"required": "Tick at least one of the draft runs, then choose what to do."},
    )
    action = forms.ChoiceField(choices=[("publish", "Publish"), ("delete", "Delete")])
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["runs"].queryset = CourseRun.objects.filter(term=term).select_related("course")  # type: ignore[attr-defined]


class ProspectusFilterForm(WarpForm):
    """The public prospectus filters: a plain GET form, every field optional."""

    term = forms.ChoiceField(required=False)
    q = forms.CharField(label="Search by words", required=False, max_length=100)
    theme = forms.ChoiceField(required=False)
    locality = forms.ChoiceField(label="Town or area", required=False)
    day = forms.ChoiceField(label="Day of the week", required=False, choices=[("", "Any day"), *WEEKDAYS])
    time_of_day = forms.ChoiceField(
        label="Time of day", required=False, choices=[("", "Any time"), *TimeOfDay.choices]
    )
    level = forms.ChoiceField(
        required=False,
        choices=[("", "Any level"), *((v, label) for v, label in Level.choices if v in PUBLIC_LEVELS)],
    )

    def __init__(self, *args, terms, themes: list[str], localities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # Plain choices from the terms already read, so rendering and validating add no queries.
        self.fields["term"].choices = [(str(t.pk), t.name) for t in terms]  # type: ignore[attr-defined]
        self.fields["theme"].choices = [("", "Any theme")] + [(t, t) for t in themes]  # type: ignore[attr-defined]
        self.fields["locality"].choices = [("", "Anywhere")] + [(loc, loc) for loc in localities]  # type: ignore[attr-defined]


class RunCancelForm(WarpForm):
    """Cancelling a run: the reason goes into every student's message, so it is needed when anyone is told."""

    reason = forms.CharField(
        label="Why is this course run cancelled?",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Each student's message includes these words, so write them for the students. "
        "For example: one of the trainers is unwell and we could not find a replacement in time.",
    )

    def __init__(self, *args, people_to_tell: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.people_to_tell = people_to_tell

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.people_to_tell and not reason:
            raise forms.ValidationError(
                "Enter the reason for cancelling: the students are told it in their message."
            )
        return reason


class SessionSeriesForm(WarpForm):
    """Several sessions at once: "weekly, 6 sessions from 12 January"."""

    first_date = forms.DateField(
        label="Date of the first session",
        widget=DATE,
        error_messages={"required": "Enter the date of the first session.", "invalid": "Enter a real date."},
    )
    every_weeks = forms.TypedChoiceField(
        label="How often",
        coerce=int,
        choices=[(1, "Every week"), (2, "Every two weeks")],
        initial=1,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often the sessions meet."},
    )
    count = forms.IntegerField(
        label="How many sessions",
        min_value=1,
        max_value=30,
        error_messages={
            "required": "Enter how many sessions there are, from 1 to 30.",
            "min_value": "Enter a number of sessions from 1 to 30.",
            "max_value": "Enter a number of sessions from 1 to 30.",
        },
    )
    starts_at = forms.TimeField(
        label="Starts at", widget=TIME, error_messages={"required": "Enter the time each session starts at."}
    )
    ends_at = forms.TimeField(
        label="Ends at", widget=TIME, error_messages={"required": "Enter the time each session ends at."}
    )
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.all(),
        required=False,
        empty_label="No venue (online)",
        help_text="Leave empty for online sessions.",
    )
    room = forms.CharField(max_length=100, required=False)
    is_online = forms.BooleanField(label="Online", required=False)
    joining_link = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="Shown only to booked students and the trainers, never in the prospectus.",
    )
    outside_term = forms.BooleanField(
        label="These sessions are outside the term's dates on purpose", required=False
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "Each session must end after it starts: check the end time.")
        if not data.get("is_online") and not data.get("venue"):
            self.add_error("venue", "Choose a venue, or tick 'Online' if the sessions are held online.")
        if data.get("is_online") and data.get("venue"):
            self.add_error("venue", "Online sessions have no venue: clear the venue or untick 'Online'.")
        return data
