from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Email and password, with messages that say what to do next."""

    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": (
            "That email address and password do not match an account. Check them and try again, "
            "or ask the centre to reset your password."
        ),
        "inactive": "This account is switched off. Please contact the centre if you think this is a mistake.",
    }
