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
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from warp.accounts import lockout, recovery_codes, services
from warp.accounts.adapters import locked_message
from warp.accounts.models import TrainerKind, User
from warp.core.forms import WarpForm, WarpFormMixin


class SignInForm(WarpFormMixin, account_forms.LoginForm):
    """Email and password, with messages that say what to do next."""

    whose = "your"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email address"
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autofocus"] = True
        self.fields["password"].widget.attrs.pop("placeholder", None)


class PasswordResetForm(WarpFormMixin, account_forms.ResetPasswordForm):
    """Asking for a new password. The request only queues one task, whether or not the address is known
    (the worker sends the email, or nothing): the page answers as fast for a stranger's address as for a
    student's, so its timing tells nobody who has a sign-in here (issue 13, hole 12)."""

    whose = "your"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)

    def save(self, request: HttpRequest, **kwargs) -> str:
        from warp.accounts.tasks import send_password_reset

        user_ids = [user.pk for user in self.users]
        base_url = request.build_absolute_uri("/")
        transaction.on_commit(lambda: send_password_reset.enqueue(user_ids, base_url))
        return self.cleaned_data["email"]


class PasswordResetFromKeyForm(WarpFormMixin, account_forms.ResetPasswordKeyForm):
    whose = "your"

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
    whose = "your"

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
    its rate limit, and the failure signal sent for the app. A wrong code counts toward the person's lockout
    (warp/accounts/lockout.py) like a wrong password, and a locked account is refused any code."""

    user: User
    cleaned_data: dict
    authenticator: Authenticator

    def clean_code(self) -> str:
        lock = lockout.lock_for(self.user.email)
        if lock:
            raise ValidationError(locked_message(lock), code="locked")
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
            lock = lockout.record_failure(self.user.email)
            if lock:
                raise ValidationError(locked_message(lock), code="locked")
            raise get_mfa_adapter().validation_error("incorrect_code")
        used.user = self.user
        self.authenticator = used
        clear_rate_limit()
        return code


class SecondFactorForm(WarpFormMixin, AppOrRecoveryCodeMixin, mfa_forms.AuthenticateForm):
    whose = "your"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code"
        self.fields[
            "code"
        ].help_text = "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        _code_field(self)


class SecondFactorReauthenticateForm(WarpFormMixin, AppOrRecoveryCodeMixin, mfa_forms.ReauthenticateForm):
    whose = "your"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app"
        _code_field(self)


class ActivateTOTPForm(WarpFormMixin, totp_forms.ActivateTOTPForm):
    whose = "your"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "The 6-digit code your app shows"
        _code_field(self)


class DeactivateTOTPForm(WarpFormMixin, totp_forms.DeactivateTOTPForm):
    whose = "your"


class GenerateRecoveryCodesForm(WarpFormMixin, recovery_forms.GenerateRecoveryCodesForm):
    whose = "your"


class PasswordChangeForm(WarpFormMixin, auth_forms.PasswordChangeForm):
    whose = "your"

    """A wrong current password counts toward the person's lockout, as at sign-in; while the account is
    locked the password cannot be changed, even with the right current password."""

    def clean_old_password(self) -> str:
        lock = lockout.lock_for(self.user.email)
        if lock:
            raise ValidationError(locked_message(lock), code="locked")
        try:
            return super().clean_old_password()
        except ValidationError:
            lock = lockout.record_failure(self.user.email)
            if lock:
                raise ValidationError(locked_message(lock), code="locked") from None
            raise


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


def _given_role_choices():
    from warp.accounts.services import GIVEN_ROLES

    return [(role.value, role.label) for role in GIVEN_ROLES]


class StaffRolesForm(WarpForm):
    """The roles an administrator gives someone, which of them they start in, and a trainer's perspective."""

    roles = forms.MultipleChoiceField(
        choices=_given_role_choices,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
        help_text="Tick every role this person holds. Each role sees only what it sees today; they switch "
        "between them at the top of each page.",
        error_messages={"required": "Tick at least one of the roles."},
    )
    usual_role = forms.ChoiceField(
        choices=_given_role_choices,
        widget=forms.RadioSelect,
        label="Usual role",
        help_text="The role they are in when they sign in.",
        error_messages={"required": "Choose their usual role."},
    )
    trainer_kind = forms.ChoiceField(
        choices=TrainerKind.choices,
        widget=forms.RadioSelect,
        required=False,
        label="If they are a trainer: the perspective they usually bring",
        help_text="Each course run records the perspective they bring there; this is where it starts.",
    )


class StaffAccountForm(StaffRolesForm):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name."}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name."}
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="We email the invitation to choose a password here. It is also how they sign in.",
        error_messages={
            "required": "Enter their work email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    field_order = ["first_name", "last_name", "email", "roles", "usual_role", "trainer_kind"]


class OrganisationInviteForm(WarpForm):
    """Which organisation's account an administrator invites someone to sign in with."""

    provider_id = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Organisation",
        error_messages={"required": "Choose the organisation whose account they will sign in with."},
    )

    def __init__(self, *args, **kwargs):
        from warp.accounts.organisation import providers

        super().__init__(*args, **kwargs)
        self.fields["provider_id"].choices = [(p["id"], p["name"]) for p in providers()]  # type: ignore[attr-defined]
