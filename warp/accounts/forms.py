"""allauth's forms, rendered with NHS.UK frontend markup and labelled in our words."""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.recovery_codes import forms as recovery_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth import forms as auth_forms

from warp.core.forms import WarpForm, WarpFormMixin


class SignInForm(WarpFormMixin, account_forms.LoginForm):
    """Email and password, with messages that say what to do next."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email address"
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autofocus"] = True
        self.fields["password"].widget.attrs.pop("placeholder", None)


class PasswordResetForm(WarpFormMixin, account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)


class PasswordResetFromKeyForm(WarpFormMixin, account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "New password"
        self.fields[
            "password1"
        ].help_text = "At least 8 characters. A few words together are easy to remember."
        self.fields["password2"].label = "New password again"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class ReauthenticateForm(WarpFormMixin, account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Your password"
        self.fields["password"].widget.attrs.pop("placeholder", None)


def _code_field(form) -> None:
    field = form.fields["code"]
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class SecondFactorForm(WarpFormMixin, mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code"
        self.fields[
            "code"
        ].help_text = "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        _code_field(self)


class SecondFactorReauthenticateForm(WarpFormMixin, mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app"
        _code_field(self)


class ActivateTOTPForm(WarpFormMixin, totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "The 6-digit code your app shows"
        _code_field(self)


class DeactivateTOTPForm(WarpFormMixin, totp_forms.DeactivateTOTPForm):
    pass


class GenerateRecoveryCodesForm(WarpFormMixin, recovery_forms.GenerateRecoveryCodesForm):
    pass


class PasswordChangeForm(WarpFormMixin, auth_forms.PasswordChangeForm):
    pass


class AccessReviewForm(WarpForm):
    """Switch one account on or off from the access review."""

    user = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("disable", "Switch off"), ("enable", "Switch on")])
