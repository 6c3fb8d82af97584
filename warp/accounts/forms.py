"""allauth's forms, rendered with NHS.UK frontend markup and labelled in our words."""

from allauth.account import forms as account_forms
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import forms as recovery_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth import forms as auth_forms

from warp.accounts import recovery_codes, services
from warp.accounts.models import User
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


class AppOrRecoveryCodeMixin:
    """The code step: the app's current code, or one of the person's (hashed) recovery codes.

    In place of allauth's check, which knows only its own seed-based recovery codes. Kept like allauth's:
    the per-person rate limit, and the failure signal sent for the app."""

    user: User
    cleaned_data: dict
    authenticator: Authenticator

    def clean_code(self) -> str:
        clear_rate_limit = check_rate_limit(self.user)
        code = self.cleaned_data["code"]
        app = Authenticator.objects.filter(user=self.user, type=Authenticator.Type.TOTP).first()
        if app is not None and app.wrap().validate_code(code):
            used: Authenticator | None = app
        elif len(recovery_codes.normalise(code)) == mfa_settings.TOTP_DIGITS:
            used = None  # an app code that did not match; not worth hashing as a recovery code
        else:
            used = services.recovery_code_use(user=self.user, code=code)
        if used is None:
            if app is not None:
                self._emit_authentication_failed(app)  # type: ignore[attr-defined]
            raise get_mfa_adapter().validation_error("incorrect_code")
        used.user = self.user
        self.authenticator = used
        clear_rate_limit()
        return code


class SecondFactorForm(WarpFormMixin, AppOrRecoveryCodeMixin, mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code"
        self.fields[
            "code"
        ].help_text = "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        _code_field(self)


class SecondFactorReauthenticateForm(WarpFormMixin, AppOrRecoveryCodeMixin, mfa_forms.ReauthenticateForm):
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
    """Switch one account on or off, or reset its two-step sign-in, from the access review."""

    user = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[
            ("disable", "Switch off"),
            ("enable", "Switch on"),
            ("reset_second_factor", "Reset two-step"),
        ]
    )
