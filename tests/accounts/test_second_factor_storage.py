"""What the database holds for the second factor: recovery codes only as salted hashes, app keys encrypted."""

import io
import json

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse

from tests.accounts.factories import code_for, make_staff, sign_in_with_code, sign_in_with_password
from tests.personas import PERSONA_TOTP_SECRET, sign_in_fully
from warp.accounts import services
from warp.accounts.models import mfa_required_for


def _everything_stored_for_sign_in() -> str:
    """Every authenticator row and every session, as text, to search for secrets."""
    rows = [json.dumps(row.data) for row in Authenticator.objects.all()]
    sessions = [json.dumps(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(rows + sessions)


def _digits(code: str) -> str:
    return code.replace(" ", "")


def test_recovery_codes_are_shown_once_when_made_and_the_database_holds_none_of_them(client, db):
    make_staff()
    sign_in_with_password(client, "new.tutor@example.org")
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    shown = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    codes = shown.context["new_codes"]
    assert len(codes) == 10
    assert all(len(_digits(code)) == 12 for code in codes)
    assert codes[0] in shown.content.decode()

    stored = _everything_stored_for_sign_in()
    for code in codes:
        assert _digits(code) not in stored
        assert code not in stored
    assert "seed" not in stored
    later = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "10 of 10 codes unused" in later
    assert not any(code in later or _digits(code) in later for code in codes)


def test_a_recovery_code_signs_in_once_and_only_once(client, personas):
    codes = services.recovery_codes_generate(user=personas["administrator"])
    response = sign_in_with_code(client, "admin@example.org", codes[0][:4] + " " + codes[0][4:])
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["administrator"].pk)
    client.post(reverse("accounts:logout"))

    again = sign_in_with_code(client, "admin@example.org", codes[0])
    assert again.status_code == 200
    assert "That code did not work" in again.content.decode()
    assert "_auth_user_id" not in client.session

    assert sign_in_with_code(client, "admin@example.org", codes[1]).status_code == 302
    row = Authenticator.objects.get(user=personas["administrator"], type="recovery_codes")
    assert [entry["used_at"] is not None for entry in row.data["codes"]].count(True) == 2


def test_a_wrong_recovery_code_is_refused_kindly(client, personas):
    codes = services.recovery_codes_generate(user=personas["administrator"])
    wrong = next(f"{n:012d}" for n in range(10**11, 10**12) if f"{n:012d}" not in codes)
    response = sign_in_with_code(client, "admin@example.org", wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert "That code did not work" in page
    assert "one of your recovery codes" in page
    assert "_auth_user_id" not in client.session
    row = Authenticator.objects.get(user=personas["administrator"], type="recovery_codes")
    assert all(entry["used_at"] is None for entry in row.data["codes"])


def test_making_new_recovery_codes_shows_them_once_and_stops_the_old_ones(client, personas):
    old = services.recovery_codes_generate(user=personas["centre_manager"])
    sign_in_fully(client, personas["centre_manager"])
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200
    made = client.post(reverse("mfa_generate_recovery_codes"))
    new = [_digits(code) for code in made.context["new_codes"]]
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))

    assert sign_in_with_code(client, "manager@example.org", old[0]).status_code == 200
    assert sign_in_with_code(client, "manager@example.org", new[0]).status_code == 302


def test_the_app_key_in_the_database_is_not_the_clear_key_and_signing_in_still_works(client, personas):
    row = Authenticator.objects.get(user=personas["centre_manager"], type="totp")
    assert PERSONA_TOTP_SECRET not in json.dumps(row.data)
    assert PERSONA_TOTP_SECRET.lower() not in json.dumps(row.data).lower()

    response = sign_in_with_code(client, "manager@example.org", code_for())
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_app_keys_survive_a_change_of_key_with_the_old_one_as_fallback(client, personas, settings):
    old_key = settings.WARP_MFA_KEY
    settings.WARP_MFA_KEY = "a-new-key-for-the-authenticator-app-keys"
    settings.WARP_MFA_KEY_FALLBACKS = [old_key]
    out = io.StringIO()
    call_command("mfa_reencrypt", stdout=out)
    with_app = sum(mfa_required_for(person) for person in personas.values())  # every persona but students
    assert out.getvalue().startswith(f"{with_app} authenticator-app keys")
    settings.WARP_MFA_KEY_FALLBACKS = []

    response = sign_in_with_code(client, "manager@example.org", code_for())
    assert response.status_code == 302


def test_the_migration_keeps_old_clear_rows_working_but_no_longer_clear(client, personas, settings):
    """Rows from before: the app key in clear base32, allauth's recovery-code seed with the first code used."""
    from importlib import import_module

    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    admin = personas["administrator"]
    Authenticator.objects.filter(user=admin, type="totp").update(data={"secret": PERSONA_TOTP_SECRET})
    seed_row = Authenticator.objects.create(
        user=admin, type="recovery_codes", data={"seed": "ab" * 40, "used_mask": 0b1}
    )
    # The codes allauth itself worked out from that seed (its adapter did not encrypt).
    ours = settings.MFA_ADAPTER, settings.MFA_RECOVERY_CODE_DIGITS
    settings.MFA_ADAPTER, settings.MFA_RECOVERY_CODE_DIGITS = "allauth.mfa.adapter.DefaultMFAAdapter", 8
    old_codes = RecoveryCodes(seed_row).generate_codes()
    settings.MFA_ADAPTER, settings.MFA_RECOVERY_CODE_DIGITS = ours

    migration = import_module("warp.accounts.migrations.0003_mfa_secrets_encrypted_recovery_codes_hashed")
    migration.forwards(apps, None)

    stored = _everything_stored_for_sign_in()
    assert PERSONA_TOTP_SECRET not in stored
    assert not any(code in stored for code in old_codes)
    assert sign_in_with_code(client, "admin@example.org", old_codes[0]).status_code == 200  # it was used
    assert sign_in_with_code(client, "admin@example.org", old_codes[1]).status_code == 302
    client.post(reverse("accounts:logout"))
    assert sign_in_with_code(client, "admin@example.org", code_for()).status_code == 302
