import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import code_for, sign_in_with_password


@pytest.mark.parametrize("password", ["short1", "password123", "qwertyuiop"])
def test_short_or_common_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["tea in the garden", "walkingtheriver", "longerthan8"])
def test_any_long_uncommon_password_is_accepted_without_composition_rules(password, db):
    validate_password(password)  # no digits, capitals or symbols demanded


def test_password_reset_by_email_still_needs_the_code_to_sign_in(client, personas):
    response = client.post(reverse("account_reset_password"), {"email": "manager@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    link = re.search(r"https?://[^\s]+/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(
        form_url, {"password1": "a brand new password", "password2": "a brand new password"}
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert "_auth_user_id" not in client.session  # a reset never signs anyone in

    response = sign_in_with_password(client, "manager@example.org", "a brand new password")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": code_for()})
    assert client.session["_auth_user_id"] == str(personas["centre_manager"].pk)
