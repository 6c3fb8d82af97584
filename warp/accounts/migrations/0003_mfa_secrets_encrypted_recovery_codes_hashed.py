"""Existing second-factor rows to the new storage: authenticator-app keys encrypted, recovery codes hashed.

Before this, allauth stored both as they came: the app key in clear base32, and a recovery-code seed from
which the codes are derived. Each unused code of a seed is worked out once here (allauth's derivation, with
the 10 codes of 8 digits it then used) and kept only as a salted hash, so people's codes go on working.
"""

import hmac
from hashlib import sha1

from django.db import migrations

from warp.accounts import mfa_secrets, recovery_codes

OLD_COUNT, OLD_DIGITS = 10, 8


def _old_unused_codes(data: dict) -> list[str]:
    if data.get("migrated_codes") is not None:
        return list(data["migrated_codes"])
    h = hmac.new(key=data["seed"].encode("ascii"), msg=None, digestmod=sha1)
    codes = []
    for i in range(OLD_COUNT):
        h.update(f"{i:3},".encode())
        value = int.from_bytes(h.digest()[: OLD_DIGITS // 2], byteorder="big") % 10**OLD_DIGITS
        if not data.get("used_mask", 0) & (1 << i):
            codes.append(str(value).zfill(OLD_DIGITS))
    return codes


def forwards(apps, schema_editor):
    authenticator = apps.get_model("mfa", "Authenticator")
    mfa_secrets.totp_secrets_reencrypt(authenticator)
    for row in authenticator.objects.filter(type="recovery_codes"):
        if not recovery_codes.is_ours(row.data):
            row.data = recovery_codes.stored_form(_old_unused_codes(row.data))
            row.save(update_fields=["data"])


def backwards(apps, schema_editor):
    # App keys back in the clear; hashed recovery codes cannot be turned back into a seed, so they go
    # (people make new ones from "Your account").
    authenticator = apps.get_model("mfa", "Authenticator")
    for row in authenticator.objects.filter(type="totp"):
        if mfa_secrets.is_encrypted(row.data["secret"]):
            row.data = {**row.data, "secret": mfa_secrets.decrypt(row.data["secret"])}
            row.save(update_fields=["data"])
    authenticator.objects.filter(type="recovery_codes").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sessions_and_enabled_at"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
