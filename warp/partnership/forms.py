"""The edition form: title and period, then for each section its place in the report (a number box, so it
works without JavaScript) and the lead's words for it."""

from django import forms
from django.core.exceptions import ValidationError

from warp.core.forms import DATE, WarpForm
from warp.partnership.models import Edition
from warp.partnership.sections import NARRATIVE, SECTIONS


def default_order() -> dict[str, int]:
    return {section.key: place for place, section in enumerate(SECTIONS, start=1)}


class EditionForm(WarpForm):
    title = forms.CharField(max_length=200, help_text="For example, Partnership report 2025 to 2027.")
    start = forms.DateField(
        label="First day of the period", widget=DATE, help_text="For example, 01/04/2025."
    )
    end = forms.DateField(label="Last day of the period", widget=DATE, help_text="For example, 31/03/2027.")

    def __init__(self, *args, edition: Edition | None = None, **kwargs) -> None:
        if edition is not None and "initial" not in kwargs:
            place = {key: n for n, key in enumerate(edition.sections, start=1)}
            kwargs["initial"] = {
                "title": edition.title,
                "start": edition.start,
                "end": edition.end,
                **{f"place_{s.key}": place.get(s.key) for s in SECTIONS},
                **{f"words_{s.key}": edition.words.get(s.key, "") for s in SECTIONS},
            }
        elif "initial" not in kwargs:
            kwargs["initial"] = {f"place_{key}": n for key, n in default_order().items()}
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[f"place_{section.key}"] = forms.IntegerField(
                label=f"{section.title}: place in the report",
                required=False,
                min_value=1,
                max_value=99,
                help_text=f"{section.hint} A number: 1 comes first. Leave it empty to leave the section out.",
                error_messages={
                    "invalid": f"Enter the place of “{section.title}” as a whole number, or leave it empty.",
                    "min_value": "Enter a place of 1 or more, or leave it empty.",
                    "max_value": "Enter a place of 99 or less, or leave it empty.",
                },
                widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
            )
            narrative = section.kind == NARRATIVE
            self.fields[f"words_{section.key}"] = forms.CharField(
                label=f"{section.title}: your words" if narrative else f"{section.title}: your note",
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6 if narrative else 3}),
                help_text=(
                    "Leave a blank line between paragraphs. A section with no words is left out."
                    if narrative
                    else "Optional: shown before the section's figures. Leave a blank line between paragraphs."
                ),
            )

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be on or after the first day.")
        if not self.sections():
            raise ValidationError("Give at least one section a place in the report.")
        return data

    def sections(self) -> list[str]:
        """The chosen sections in order (equal places keep the usual order)."""
        data = getattr(self, "cleaned_data", {})
        usual = default_order()
        chosen = [s.key for s in SECTIONS if data.get(f"place_{s.key}") is not None]
        return sorted(chosen, key=lambda key: (data[f"place_{key}"], usual[key]))

    def words(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(f"words_{s.key}", "") for s in SECTIONS}
