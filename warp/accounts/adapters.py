"""How django-allauth fits WaRP: no public sign-up, our start pages, our lockout, staff keep their TOTP."""

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format

from warp.accounts import lockout, mfa_secrets
from warp.accounts.models import mfa_required_for
from warp.core.words import count_of


def locked_message(lock: lockout.Lock) -> str:
    at = time_format(timezone.localtime(lock.until), "H:i")
    return (
        f"For your safety we have paused signing in to this account after several attempts that did not "
        f"match. Please try again after {at} (in about {count_of(lock.minutes_left, 'minute')}). Your password has not "
        f"been changed. If you did not try to sign in, or you need help now, contact the centre on "
        f"{settings.CENTRE_CONTACT}."
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "That email address and password do not match an account. Check them and try again, "
            "or reset your password."
        ),
        "too_many_login_attempts": (
            "There have been too many attempts to sign in from here. Please wait a few minutes and try again."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Students register through students:register, which also records their consent and eligibility.
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return request.user.start_url()  # type: ignore[union-attr]

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Someone who gave their password (or code) in the last few minutes, e.g. just signed in and now
        # setting up their app, is not asked for it again; allauth would ask, as it counts only re-entries.
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        records = get_authentication_records(request, request.user)
        # An organisation's sign-in counts as much as a password (someone invited to use it may have none).
        recent = [r["at"] for r in records if r.get("method") in ("password", "mfa", "socialaccount")]
        return not recent or time.time() - max(recent) >= account_settings.REAUTHENTICATION_TIMEOUT

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        lock = lockout.lock_for(credentials.get("email", ""))
        if lock:
            raise ValidationError(locked_message(lock), code="locked")
        super().pre_authenticate(request, **credentials)

    def login(self, request: HttpRequest, user) -> None:
        # Failures are forgotten only once the person is signed in: a right password with the code still
        # to come forgets nothing, so wrong codes add up however often the password is typed again.
        super().login(request, user)
        lockout.clear(user.email)

    def get_login_stages(self) -> list[str]:
        # allauth's second-factor step, which an organisation sign-in whose ID token says it used MFA skips
        # (warp/accounts/organisation.py).
        return [
            "warp.accounts.organisation.SecondFactorStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        lock = lockout.record_failure(credentials.get("email", ""))
        if lock:
            raise ValidationError(locked_message(lock), code="locked")


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code did not work. Type the code your app shows now (a used code cannot be used again), "
            "or one of your recovery codes."
        ),
    }

    # allauth passes every secret it stores (the authenticator-app key) through these two.
    def encrypt(self, text: str) -> str:
        return mfa_secrets.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secrets.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff must keep their authenticator app; students may switch theirs off.
        return not mfa_required_for(authenticator.user)
