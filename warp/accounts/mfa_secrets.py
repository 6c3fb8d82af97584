"""Authenticator-app (TOTP) keys, encrypted at rest.

allauth hands every secret it stores through the MFA adapter's encrypt()/decrypt(); ours (adapters.py) call
these. The Fernet key is derived with HKDF from WARP_MFA_KEY (default: SECRET_KEY), so a copy of the database
alone gives no one the keys. Older keys listed in WARP_MFA_KEY_FALLBACKS still decrypt, so the key can be
changed without resetting every authenticator; `warp manage mfa_reencrypt` then rewrites every row under the
current key.
"""

import base64
import functools
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Bump the version if the derivation ever changes, so old and new keys cannot be confused.
HKDF_INFO = b"warp.accounts.mfa_secrets v1"


@functools.cache
def _fernet_for(key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    """The current key first (it encrypts), then the fallbacks (they only decrypt)."""
    return MultiFernet(
        [_fernet_for(key) for key in [settings.WARP_MFA_KEY, *settings.WARP_MFA_KEY_FALLBACKS]]
    )


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The clear text; raises InvalidToken for a value no configured key encrypted (e.g. a clear key)."""
    return _keys().decrypt(token.encode("ascii")).decode()


def is_encrypted(value: str) -> bool:
    """Whether a configured key can decrypt `value`."""
    try:
        decrypt(value)
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


class UnreadableSecret(Exception):
    pass


def totp_secrets_reencrypt(authenticator_model) -> int:
    """Rewrite every stored TOTP key under the current key; a key still in the clear (base32, from before
    WaRP encrypted them) is encrypted. Returns the number of rows. Takes the model so a migration can pass
    its historical one.

    Refuses (UnreadableSecret, nothing changed) when a stored key is neither clear base32 nor readable with
    a configured key: the old key is missing from WARP_MFA_KEY_FALLBACKS."""
    rows = list(authenticator_model.objects.filter(type="totp"))
    clear = {}
    for row in rows:
        stored = row.data["secret"]
        if is_encrypted(stored):
            clear[row.pk] = decrypt(stored)
        elif re.fullmatch(r"[A-Z2-7]+=*", stored):
            clear[row.pk] = stored
        else:
            raise UnreadableSecret(
                f"The authenticator key of account {row.user_id} cannot be read with WARP_MFA_KEY or "
                "WARP_MFA_KEY_FALLBACKS: add the key it was encrypted with to WARP_MFA_KEY_FALLBACKS."
            )
    for row in rows:
        row.data = {**row.data, "secret": encrypt(clear[row.pk])}
        row.save(update_fields=["data"])
    return len(rows)
