from django import forms

from warp.core.forms import DATE, WarpForm, WarpModelForm
from warp.impact.models import (
    CoproductionWorkshop,
    ImpactEntry,
    ImpactKind,
    ImpactPerson,
    PublicationStatus,
    WorkshopComment,
    WorkshopPerspective,
    WorkshopTheme,
)


class ImpactEntryForm(WarpModelForm):
    link = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A video of the talk, or where the work can be read, for example https://example.org/talk.",
    )
    people_names = forms.CharField(
        label="Presenters or authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members of staff, one name a line, as the report should print them.",
    )

    class Meta:
        model = ImpactEntry
        fields = [
            "kind",
            "held_on",
            "title",
            "event",
            "place",
            "link",
            "publication_status",
            "reference",
            "notes",
        ]
        labels = {"kind": "What kind of impact is it?"}
        widgets = {
            "held_on": DATE,
            "reference": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publication_status"].choices = [("", "Not a publication"), *PublicationStatus.choices]  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["people_names"] = "\n".join(p.name for p in self.instance.people.all())

    def clean(self):
        data = super().clean() or {}
        kind, status = data.get("kind"), data.get("publication_status")
        if kind == ImpactKind.PUBLICATION and not status:
            self.add_error(
                "publication_status",
                "Choose where the publication stands: in preparation, submitted or published.",
            )
        elif kind and kind != ImpactKind.PUBLICATION and status:
            self.add_error(
                "publication_status", "Choose “Not a publication”: only publications have a status."
            )
        return data

    def people(self) -> list[str]:
        return self.cleaned_data["people_names"].splitlines()

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ImpactFilterForm(WarpForm):
    """The log's filters: a plain GET form, every field optional."""

    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *ImpactKind.choices])
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    person = forms.ModelChoiceField(
        label="Presenter or author", required=False, queryset=ImpactPerson.objects.all(), empty_label="Anyone"
    )


class WorkshopForm(WarpModelForm):
    class Meta:
        model = CoproductionWorkshop
        fields = [
            "held_on",
            "service",
            "locality",
            "title",
            "uses_services",
            "carers",
            "staff",
            "others",
            "notes",
        ]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        # Counts of people: "Enter how many staff came", never "Enter the staff".
        error_messages = {
            "uses_services": {
                "required": "Enter how many people who use the service came, or 0 if none did."
            },
            "carers": {"required": "Enter how many carers and supporters came, or 0 if none did."},
            "staff": {"required": "Enter how many staff came, or 0 if none did."},
            "others": {"required": "Enter how many others came, or 0 if none did."},
        }


class WorkshopCommentForm(WarpModelForm):
    class Meta:
        model = WorkshopComment
        fields = ["theme", "text", "perspective", "quote_consent"]
        labels = {"theme": "Theme", "perspective": "Whose view is it?"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.theme_id if self.instance.pk else None
        themes = WorkshopTheme.objects.filter(active=True)
        if current:
            themes = WorkshopTheme.objects.filter(active=True) | WorkshopTheme.objects.filter(pk=current)
        self.fields["theme"].queryset = themes.order_by("name")  # type: ignore[attr-defined]
        self.fields["perspective"].choices = [("", "Not said"), *WorkshopPerspective.choices]  # type: ignore[attr-defined]


class WorkshopThemeForm(WarpModelForm):
    class Meta:
        model = WorkshopTheme
        fields = ["name", "active"]
        labels = {"name": "Theme"}
