from django import forms

from warp.core.forms import WarpForm
from warp.quotes.sources import SOURCES


class LibraryFilterForm(WarpForm):
    """The library's filters: a plain GET form, every field optional."""

    source = forms.ChoiceField(
        label="Where from", required=False, choices=[("", "Any source"), *[(s.key, s.label) for s in SOURCES]]
    )
    tag = forms.ChoiceField(label="Tag", required=False)
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )

    def __init__(self, *args, tags: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "Any tag"), *[(name, name) for name in tags]]  # type: ignore[attr-defined]


class QuoteTagsForm(WarpForm):
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=600,
        help_text="Words to find this quote by, with commas between them, for example: hope, carers, peer support.",
    )
