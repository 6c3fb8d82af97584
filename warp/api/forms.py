from django import forms

from warp.accounts.models import User
from warp.api.services import MAX_DAYS
from warp.core.forms import WarpForm


class ApiTokenForm(WarpForm):
    email = forms.EmailField(
        label="Email address of the account the token acts as",
        help_text="The token sees exactly what that person's usual role sees, no more.",
        error_messages={
            "required": "Enter the email address of the account the token acts as.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    name = forms.CharField(
        label="What it is for",
        max_length=100,
        help_text="For example: Power BI attendance dashboard.",
        error_messages={"required": "Enter what it is for, so the token can be recognised later."},
    )
    days = forms.IntegerField(
        label="Days until it stops working",
        min_value=1,
        max_value=MAX_DAYS,
        initial=90,
        help_text=f"From 1 to {MAX_DAYS} days. Make a new token before it stops.",
        error_messages={
            "required": "Enter the days until it stops working, for example 90.",
            "invalid": "Enter a whole number of days, for example 90.",
            "min_value": "Enter at least 1 day.",
            "max_value": f"Enter {MAX_DAYS} days or fewer.",
        },
    )

    def clean_email(self) -> User:
        """The account the token acts as."""
        person = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if person is None:
            raise forms.ValidationError(
                "No account has this email address. Check it, or add the account first."
            )
        return person
