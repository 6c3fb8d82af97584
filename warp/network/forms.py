from django import forms

from warp.core.forms import PeriodForm, WarpForm
from warp.network.access import own_centre_code
from warp.network.models import FidelityComponent


class ExportForm(PeriodForm):
    centre = forms.CharField(
        label="Your centre's code in the network",
        max_length=32,
        help_text="The short code your network gave your centre, for example NORTH-REC.",
        error_messages={"required": "Enter your centre's code in the network, for example NORTH-REC."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].initial = own_centre_code()

    def clean_centre(self) -> str:
        code = self.cleaned_data["centre"].strip()
        if any(c.isspace() for c in code):
            raise forms.ValidationError(
                "A centre code has no spaces. Check it with your network coordinator."
            )
        return code


class TrustForm(WarpForm):
    code = forms.CharField(
        label="Centre code",
        max_length=32,
        help_text="The short code the network gave the centre, for example NORTH-REC.",
    )
    name = forms.CharField(label="Centre name", max_length=200, required=False)
    public_key = forms.CharField(
        label="The centre's public key",
        max_length=200,
        help_text="The last line the centre's `warp network key` printed: 44 letters, digits and signs.",
    )


MAX_BUNDLE_BYTES = 2 * 1024 * 1024  # a bundle is a few kilobytes; anything near this is not one


class BundleUploadForm(WarpForm):
    bundle = forms.FileField(
        label="Bundle file",
        help_text="The file a member centre sent you, ending in .json, exactly as it arrived.",
    )

    def clean_bundle(self):
        upload = self.cleaned_data["bundle"]
        if upload.size > MAX_BUNDLE_BYTES:
            raise forms.ValidationError(
                "This file is far bigger than a bundle (a few kilobytes). Check it is the file the centre sent."
            )
        return upload


class RatingForm(WarpForm):
    component = forms.ModelChoiceField(
        label="Component", queryset=FidelityComponent.objects.filter(is_active=True).order_by("order", "code")
    )
    rated_on = forms.DateField(
        label="Date of the rating",
        help_text="For example 01/09/2026.",
        error_messages={"invalid": "Enter the date as a date, for example 01/09/2026."},
    )
    level = forms.IntegerField(
        label="Level",
        min_value=1,
        help_text="1 is the first level; the levels and what each looks like are listed on this page.",
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What shows the centre is at this level.",
    )
    actions = forms.CharField(
        label="Actions",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the centre will do next, and who will do it.",
    )
