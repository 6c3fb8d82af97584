import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.personas import PASSWORD, PERSONA_TOTP_SECRET
from warp.accounts.models import Role, User


def code_for(secret: str = PERSONA_TOTP_SECRET, at: float | None = None) -> str:
    """What an authenticator app with this key shows at `at` (default: now)."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def make_staff(email: str = "new.tutor@example.org", role: str = Role.ADMISSIONS_TUTOR, **fields) -> User:
    """A staff member who has not set up an authenticator app yet."""
    return User.objects.create_user(email, PASSWORD, role=role, first_name="New", last_name="Tutor", **fields)


def sign_in_with_password(client, email: str, password: str = PASSWORD, **headers):
    return client.post(reverse("accounts:login"), {"login": email, "password": password}, **headers)


def sign_in_with_code(client, email: str, code: str, password: str = PASSWORD):
    response = sign_in_with_password(client, email, password)
    assert response["Location"] == reverse("mfa_authenticate"), response
    return client.post(reverse("mfa_authenticate"), {"code": code})
