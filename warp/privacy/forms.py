from django import forms

from warp.audit.models import Action
from warp.core.forms import WarpForm
from warp.privacy.models import RequestKind, RequestState


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
        **kwargs,
    )


class AuditSearchForm(WarpForm):
    person = forms.CharField(
        label="Person", required=False, max_length=100, help_text="Part of a name or email address."
    )
    student = forms.CharField(
        label="Student", required=False, max_length=40, help_text="Registration number, like REC-00042."
    )
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Any action"), *Action.choices])
    since = _date("From (date)", required=False, help_text="For example 01/04/2026.")
    until = _date("To (date, included)", required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The 'to' date needs to be on or after the 'from' date.")
        return data


class SubjectRequestForm(WarpForm):
    registration_number = forms.CharField(
        label="Student's registration number", max_length=40, help_text="Like REC-00042."
    )
    kind = forms.ChoiceField(
        label="What are they asking for?", choices=RequestKind.choices, widget=forms.RadioSelect
    )
    received_on = _date("Date we received it", help_text="The month to answer starts from this date.")


class DecisionForm(WarpForm):
    state = forms.ChoiceField(
        label="Decision",
        choices=[(RequestState.DONE, "Done (granted)"), (RequestState.REFUSED, "Refused")],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label="What was decided and done", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    basis = forms.CharField(
        label="Basis",
        max_length=500,
        help_text="The lawful basis or exemption, for example UK GDPR article 17(1)(b).",
    )
    confirm_erasure = forms.BooleanField(label="I understand that erasing cannot be undone", required=False)
