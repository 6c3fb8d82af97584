from django import forms
from django.db.models import Q

from warp.accounts.models import STAFF_ROLES, User
from warp.core.forms import WarpForm, WarpModelForm
from warp.programmes.models import (
    AwardCategory,
    AwardYear,
    EvaluationQuestion,
    Membership,
    Mentee,
    Mentor,
    NetworkAction,
    Nomination,
    NomineeConsent,
    PeerRole,
    PeerWorker,
    QuestionKind,
)
from warp.teams.forms import DateInput
from warp.teams.models import Team


def _staff_accounts():
    q = Q()
    for role in STAFF_ROLES:
        q |= Q(role=role) | Q(other_roles__contains=f",{role},")
    return User.objects.filter(q, is_active=True).order_by("last_name", "first_name", "pk")


def _in_range(value, field_label: str):
    if value is not None and not 2000 <= value.year <= 2100:
        raise forms.ValidationError(f"Enter a real {field_label}, for example 01/09/2025.")
    return value


# Peer workforce --------------------------------------------------------------------------------------


class PeerWorkerForm(WarpModelForm):
    class Meta:
        model = PeerWorker
        fields = ["first_name", "last_name", "email", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _staff_accounts()  # type: ignore[attr-defined]


class PlacementForm(WarpForm):
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), label="Team or service")
    role = forms.ModelChoiceField(queryset=PeerRole.objects.all(), label="Peer role")
    started_on = forms.DateField(widget=DateInput(), label="Start date")

    def clean_started_on(self):
        return _in_range(self.cleaned_data["started_on"], "start date")


class EndDateForm(WarpForm):
    ended_on = forms.DateField(widget=DateInput(), label="End date")

    def clean_ended_on(self):
        return _in_range(self.cleaned_data["ended_on"], "end date")


class TrainingForm(WarpForm):
    course = forms.CharField(max_length=200, label="Course or training")
    taken_on = forms.DateField(widget=DateInput(), label="Date")
    passed = forms.BooleanField(required=False, label="Passed (accredited)")
    accreditation = forms.CharField(
        max_length=200,
        required=False,
        label="Award or certificate",
        help_text="Leave empty if there is none.",
    )

    def clean_taken_on(self):
        return _in_range(self.cleaned_data["taken_on"], "date")


class SupervisionForm(WarpForm):
    held_on = forms.DateField(widget=DateInput(), label="Date of the session")
    supervisor = forms.CharField(max_length=200, label="Supervisor")

    def clean_held_on(self):
        return _in_range(self.cleaned_data["held_on"], "date")


# Mentoring -------------------------------------------------------------------------------------------


class MentorForm(WarpModelForm):
    class Meta:
        model = Mentor
        fields = ["name", "email", "role"]


class MenteeForm(WarpModelForm):
    class Meta:
        model = Mentee
        fields = ["name", "email", "role"]


class PairingForm(WarpForm):
    mentor = forms.ModelChoiceField(queryset=Mentor.objects.all())
    mentee = forms.ModelChoiceField(queryset=Mentee.objects.all())
    started_on = forms.DateField(widget=DateInput(), label="Start date")

    def clean_started_on(self):
        return _in_range(self.cleaned_data["started_on"], "start date")


class PeriodForm(WarpForm):
    start = forms.DateField(required=False, widget=DateInput(), label="From")
    end = forms.DateField(required=False, widget=DateInput(), label="To")

    def clean_start(self):
        return _in_range(self.cleaned_data["start"], "date")

    def clean_end(self):
        return _in_range(self.cleaned_data["end"], "date")


class MeetingForm(WarpForm):
    held_on = forms.DateField(widget=DateInput(), label="Date of the meeting")
    minutes = forms.IntegerField(
        min_value=5, max_value=600, label="Length in minutes", help_text="For example 60 for an hour."
    )

    def clean_held_on(self):
        return _in_range(self.cleaned_data["held_on"], "date")


class EvaluationForm(WarpForm):
    """The end-of-pairing questions, built from the questions in use (editable by administrators)."""

    given_on = forms.DateField(widget=DateInput(), label="Date of the evaluation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(EvaluationQuestion.objects.filter(active=True))
        for question in self.questions:
            if question.kind == QuestionKind.SCORE:
                self.fields[f"q_{question.pk}"] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(n, str(n)) for n in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                    help_text="1 is not at all, 5 is very much. Leave it if they did not answer.",
                )
            else:
                self.fields[f"q_{question.pk}"] = forms.CharField(
                    label=question.text, widget=forms.Textarea(attrs={"rows": 3}), required=False
                )
        self.fields["consent_to_quote"] = forms.BooleanField(
            required=False, label="They are happy to be quoted without their name"
        )

    def clean_given_on(self):
        return _in_range(self.cleaned_data["given_on"], "date")

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}


# The staff network -----------------------------------------------------------------------------------


class NetworkMeetingForm(WarpForm):
    held_on = forms.DateField(widget=DateInput(), label="Date of the meeting")
    attendance = forms.IntegerField(min_value=0, max_value=10000, label="How many came")

    def clean_held_on(self):
        return _in_range(self.cleaned_data["held_on"], "date")


class NetworkActionForm(WarpModelForm):
    class Meta:
        model = NetworkAction
        fields = ["action", "owner", "state"]


class GuidanceForm(WarpForm):
    guidance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label="Guidance on safe disclosure",
        help_text="Shown to every member of staff who opens the network's page.",
    )


class BuddyPairForm(WarpForm):
    first = forms.ModelChoiceField(queryset=Membership.objects.none(), label="First buddy")
    second = forms.ModelChoiceField(queryset=Membership.objects.none(), label="Second buddy")

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            field = self.fields[name]
            field.queryset = members if members is not None else Membership.objects.none()  # type: ignore[attr-defined]
            field.label_from_instance = lambda m: m.user.get_full_name() or m.user.email  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", "Choose two different members.")
        return data


class CoordinatorsForm(WarpForm):
    coordinators = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Coordinators",
        help_text="Only coordinators see who is a member. Every look at the member list is logged.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["coordinators"]
        field.queryset = _staff_accounts()  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.get_full_name() or u.email  # type: ignore[attr-defined]


# The awards ------------------------------------------------------------------------------------------


class AwardYearCreateForm(WarpForm):
    year = forms.IntegerField(min_value=2000, max_value=2100, help_text="For example 2027.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AwardYear.objects.filter(year=year).exists():
            raise forms.ValidationError(f"The {year} awards are already set up. Choose another year.")
        return year


class AwardYearForm(WarpModelForm):
    class Meta:
        model = AwardYear
        fields = ["nominations_open", "ceremony_on", "venue", "attendance"]
        widgets = {"ceremony_on": DateInput()}

    def clean_ceremony_on(self):
        return _in_range(self.cleaned_data["ceremony_on"], "ceremony date")


class AwardCategoryForm(WarpModelForm):
    class Meta:
        model = AwardCategory
        fields = ["name", "description"]


class AwardCategoryEditForm(WarpModelForm):
    class Meta:
        model = AwardCategory
        fields = ["name", "description", "active"]


class NominationForm(WarpModelForm):
    """The public nomination form: anyone with the year's link."""

    whose = "your"

    class Meta:
        model = Nomination
        fields = [
            "category",
            "nominee_name",
            "nominee_contact",
            "why",
            "nominator_name",
            "nominator_contact",
            "nominator_quote_consent",
        ]
        labels = {
            "category": "Award",
            "nominee_name": "Name of the person you are nominating",
            "nominee_contact": "How we can reach them",
            "why": "Why they deserve an award",
        }
        help_texts = {
            "nominee_contact": "An email address or phone number. We will ask them before anything about "
            "them is published.",
            "why": "In your own words: what they have achieved on their road to wellness.",
            "nominator_quote_consent": "Only if you are happy for it. We may then use your words in our "
            "reports, without your name or theirs, once the person you nominate agrees too. Leave it "
            "unticked and your words are read only by the awards team. You can change your mind at any "
            "time by contacting us.",
        }
        widgets = {"why": forms.Textarea(attrs={"rows": 6})}
        # Said in full: "your" in front of these labels read "Enter your name of the person you are nominating".
        error_messages = {
            "category": {"required": "Choose the award you are nominating them for."},
            "nominee_name": {"required": "Enter the name of the person you are nominating."},
            "nominee_contact": {
                "required": "Tell us how we can reach them: an email address or a phone number."
            },
            "why": {"required": "Tell us why they deserve an award, in your own words."},
            "nominator_contact": {
                "required": "Tell us how we can reach you: an email address or a phone number."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = AwardCategory.objects.filter(active=True)  # type: ignore[attr-defined]


class ConsentForm(WarpForm):
    nominee_consent = forms.ChoiceField(
        choices=NomineeConsent.choices,
        widget=forms.RadioSelect,
        label="Does the nominee agree to being named?",
    )


class NominatorQuoteConsentForm(WarpForm):
    nominator_quote_consent = forms.BooleanField(
        required=False,
        label="The nominator agrees we may quote what they wrote, without any name",
        help_text="Untick this if the nominator no longer wants their words quoted. The nomination "
        "leaves the quote library, and every report it was picked for, at once.",
    )


class QuoteConsentForm(WarpForm):
    consent_to_quote = forms.BooleanField(
        required=False,
        label="Happy to be quoted without their name",
        help_text="Untick this if the mentee no longer wants their words quoted. They leave the quote "
        "library, and every report they were picked for, at once.",
    )


class NomineeStudentForm(WarpForm):
    registration_number = forms.CharField(
        max_length=40,
        required=False,
        label="Their registration number",
        help_text="Only if the nominee is a registered student. Leave empty to remove the link.",
    )


class JudgeForm(WarpForm):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Member of staff")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _staff_accounts()  # type: ignore[attr-defined]


class ScoreForm(WarpForm):
    score = forms.IntegerField(min_value=1, max_value=10, label="Your score", help_text="From 1 to 10.")


class ConflictForm(WarpForm):
    reason = forms.CharField(
        max_length=300,
        label="Your conflict of interest",
        help_text="For example: a close friend or family member.",
    )
