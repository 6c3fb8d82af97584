"""Forms for questionnaires: an instrument's definition, a response (portal or paper), a request, the report."""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from warp.core.forms import PeriodForm, WarpForm
from warp.measures.models import AskWhen, Instrument, InstrumentVersion, Occasion, ScoreMethod

ITEM_PREFIX = "item_"


class Radios(forms.RadioSelect):
    """Radio buttons; the shared widget template picks radio markup from widget.type."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["type"] = "radio"
        return context


class InstrumentForm(WarpForm):
    """An instrument's definition as people type it; `data()` turns it into the JSON file's fields."""

    code = forms.CharField(
        label="Short code",
        max_length=40,
        help_text="Lower-case letters, digits and dashes, for example hope-check. It cannot change later.",
    )
    name = forms.CharField(label="Name", max_length=200)
    licence = forms.CharField(
        label="Licence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who holds the licence to use it and on what terms, for example the date you registered.",
    )
    items = forms.CharField(
        label="Items",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One item per line, in order, as the questionnaire words it. They are numbered 1, 2, 3 ...",
    )
    response_min = forms.IntegerField(
        label="Lowest answer",
        help_text="For example 1.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    response_max = forms.IntegerField(
        label="Highest answer",
        help_text="For example 5.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    reverse_items = forms.CharField(
        label="Reverse-scored items",
        required=False,
        help_text="Item numbers separated by commas, for example 2, 5. Leave empty if there are none.",
    )
    score = forms.ChoiceField(label="How the score is made", choices=ScoreMethod.choices, widget=Radios)
    conversion = forms.CharField(
        label="Conversion table",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if the scale publishes one, for adding-up scores: one line per raw total, "
        "as raw: reported, for example 7: 9.5.",
    )
    higher_is_better = forms.TypedChoiceField(
        label="Which way is better?",
        choices=[("yes", "A higher score is better"), ("no", "A lower score is better")],
        coerce=lambda value: value == "yes",
        widget=Radios,
    )
    reliability = forms.FloatField(
        label="Reliability (Cronbach's alpha)",
        help_text="From the scale's published figures, for example 0.85.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5", "step": "any"}),
    )
    reference_sd = forms.FloatField(
        label="Reference standard deviation",
        help_text="From the scale's published figures, for example 6.2.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5", "step": "any"}),
    )
    clinical_cutoff = forms.FloatField(
        label="Clinical cut-off",
        required=False,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5", "step": "any"}),
    )
    show_scores_to_students = forms.BooleanField(
        label="Students see their own scores over time in their portal", required=False
    )
    ask_when = forms.ChoiceField(
        label="When are students asked to fill it in?",
        choices=AskWhen.choices,
        initial=AskWhen.BY_HAND,
        required=False,
        widget=Radios,
        help_text="Staff can always ask a student by hand. A request already waiting is not made twice.",
    )

    def __init__(self, *args, instrument: Instrument | None = None, **kwargs):
        if instrument is not None and (not args or args[0] is None) and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(instrument)
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument is not None:
            self.fields["code"].disabled = True
            self.fields["code"].initial = instrument.code
            self.fields["code"].help_text = "The code cannot change."

    @staticmethod
    def initial_for(instrument: Instrument) -> dict[str, Any]:
        version: InstrumentVersion = instrument.current
        return {
            "code": instrument.code,
            "name": instrument.name,
            "licence": instrument.licence,
            "items": "\n".join(item["text"] for item in version.items),
            "response_min": version.response_min,
            "response_max": version.response_max,
            "reverse_items": ", ".join(str(n) for n in version.reverse_items),
            "score": version.score,
            "conversion": "\n".join(f"{raw}: {value:g}" for raw, value in version.conversion.items()),
            "higher_is_better": "yes" if version.higher_is_better else "no",
            "reliability": version.reliability,
            "reference_sd": version.reference_sd,
            "clinical_cutoff": version.clinical_cutoff,
            "show_scores_to_students": instrument.show_scores_to_students,
            "ask_when": instrument.ask_when,
        }

    def clean_ask_when(self) -> str:
        return self.cleaned_data["ask_when"] or AskWhen.BY_HAND

    def clean_reverse_items(self) -> list[int]:
        text = self.cleaned_data["reverse_items"]
        numbers = []
        for part in text.replace(";", ",").split(","):
            if not part.strip():
                continue
            if not (part.strip().isascii() and part.strip().isdigit()):
                raise forms.ValidationError("Write item numbers separated by commas, for example 2, 5.")
            numbers.append(int(part))
        return numbers

    def clean_conversion(self) -> dict[str, float]:
        table: dict[str, float] = {}
        for number, line in enumerate(self.cleaned_data["conversion"].splitlines(), start=1):
            if not line.strip():
                continue
            raw, _, value = line.partition(":")
            try:
                table[str(int(raw.strip()))] = float(value.strip())
            except ValueError:
                raise forms.ValidationError(
                    f"Line {number}: write raw total: reported score, for example 7: 9.5."
                ) from None
        return table

    def data_for_service(self) -> dict[str, Any]:
        """The JSON file's fields, from what was typed."""
        data = self.cleaned_data
        lines = [line.strip() for line in data["items"].splitlines() if line.strip()]
        return {
            "code": self.instrument.code if self.instrument else data["code"],
            "name": data["name"],
            "licence": data["licence"],
            "items": [{"number": n, "text": text} for n, text in enumerate(lines, start=1)],
            "response_min": data["response_min"],
            "response_max": data["response_max"],
            "reverse_items": data["reverse_items"],
            "score": data["score"],
            "conversion": data["conversion"],
            "higher_is_better": data["higher_is_better"],
            "reliability": data["reliability"],
            "reference_sd": data["reference_sd"],
            "clinical_cutoff": data["clinical_cutoff"],
        }


class QuestionnaireFormBase(WarpForm):
    item_count = 0

    def answers(self) -> list[int | None]:
        values = [self.cleaned_data.get(f"{ITEM_PREFIX}{n}") or "" for n in range(1, self.item_count + 1)]
        return [int(value) if value else None for value in values]


def questionnaire_form_class(
    version: InstrumentVersion, *, paper: bool = False
) -> type[QuestionnaireFormBase]:
    """One optional radio question per item (answers from the lowest to the highest number); paper forms
    first ask whose form it is, its date and occasion."""
    fields: dict[str, Any] = {}
    if paper:
        fields["registration_number"] = forms.CharField(
            label="Registration number",
            max_length=40,
            help_text="On the paper form, or on the student's record, for example REC-00042.",
        )
        fields["completed_on"] = forms.DateField(
            label="Date on the form",
            help_text="For example 14/03/2026.",
            error_messages={"invalid": "Write the date as day/month/year, for example 14/03/2026."},
            widget=forms.DateInput(attrs={"autocomplete": "off"}),
        )
        fields["occasion"] = forms.ChoiceField(label="Occasion", choices=Occasion.choices, widget=Radios)
    choices = [(str(n), str(n)) for n in range(version.response_min, version.response_max + 1)]
    for item in version.items:
        fields[f"{ITEM_PREFIX}{item['number']}"] = forms.ChoiceField(
            label=f"{item['number']}. {item['text']}", required=False, choices=choices, widget=Radios
        )
    fields["item_count"] = version.item_count
    return type("QuestionnaireForm", (QuestionnaireFormBase,), fields)


class RequestForm(WarpForm):
    registration_number = forms.CharField(
        label="Registration number", max_length=40, help_text="For example REC-2026-0042."
    )
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.all(), label="Questionnaire")
    occasion = forms.ChoiceField(label="Occasion", choices=Occasion.choices, widget=Radios)


class OutcomesForm(PeriodForm):
    field_order = ["instrument", "start", "end"]

    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.all(), to_field_name="code", label="Questionnaire"
    )


def default_period() -> tuple[str, str]:
    today = timezone.localdate()
    return (today - timedelta(days=365)).isoformat(), today.isoformat()
