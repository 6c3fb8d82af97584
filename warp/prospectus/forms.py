from django import forms

from warp.accounts.models import Role, User
from warp.core.forms import WarpForm, WarpModelForm
from warp.prospectus.models import (
    CoProducer,
    Course,
    CourseRun,
    Level,
    Perspective,
    Session,
    Term,
    TimeOfDay,
    Venue,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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
            "theme": "For example: Understanding mental health, Living well, Carers and supporters.",
            "review_date": "When the course is next due for review, for example 2027-03-31.",
        }
        widgets = {"review_date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}


class CoProducerForm(WarpModelForm):
    class Meta:
        model = CoProducer
        fields = ["name", "perspective"]
        labels = {"perspective": "What they brought"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].choices = [("", "Choose one")] + list(Perspective.choices)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.offered()


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].empty_label = "No venue (online)"


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.get_trainer_kind_display().lower()})"


class TrainerAddForm(WarpForm):
    trainer = TrainerChoiceField(
        queryset=User.objects.filter(role=Role.TRAINER, is_active=True),
        empty_label="Choose a trainer",
        label="Add a trainer",
    )


class TermCopyForm(WarpForm):
    from_term = forms.ModelChoiceField(
        queryset=Term.objects.none(), label="Copy the course runs of", empty_label="Choose a term"
    )

    def __init__(self, *args, to_term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_term"].queryset = Term.objects.exclude(pk=to_term.pk).order_by("-starts_on")  # type: ignore[attr-defined]


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
    level = forms.ChoiceField(required=False, choices=[("", "Any level"), *Level.choices])

    def __init__(self, *args, terms, themes: list[str], localities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # Plain choices from the terms already read, so rendering and validating add no queries.
        self.fields["term"].choices = [(str(t.pk), t.name) for t in terms]  # type: ignore[attr-defined]
        self.fields["theme"].choices = [("", "Any theme")] + [(t, t) for t in themes]  # type: ignore[attr-defined]
        self.fields["locality"].choices = [("", "Anywhere")] + [(loc, loc) for loc in localities]  # type: ignore[attr-defined]
