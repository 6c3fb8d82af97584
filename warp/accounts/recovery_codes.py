"""Recovery codes kept only as salted hashes: the database never holds a code, nor anything to work one out.

allauth's own recovery codes keep a seed the codes are derived from, so anyone reading the database could
work them out. WaRP makes its own instead (settings: MFA_SUPPORTED_TYPES leaves "recovery_codes" out, so
allauth never makes one), in allauth's Authenticator table as the person's one "recovery_codes" row, so
allauth still counts it, removes it with the last app and records which one was used at sign-in.

The row's data: {"scheme": "scrypt", "n": ..., "codes": [{"salt", "hash", "used_at"}], "migrated_codes": []}.
Each code has its own random salt; the hash is scrypt with cost n (WARP_RECOVERY_CODE_SCRYPT_N when made, kept
with the row so a later change of cost leaves existing codes working). "migrated_codes": [] is allauth's own format for "no codes left":
any allauth code that still reads this row sees no codes and accepts none, rather than failing.
"""

import base64
import hashlib
import hmac
import secrets
from typing import Any

from allauth.mfa import app_settings
from django.conf import settings

SCHEME = "scrypt"
# Codes are 12 digits (MFA_RECOVERY_CODE_DIGITS): 10^12 guesses per salted, deliberately slow hash keep a
# stolen database from giving them up; 8 digits would fall to a graphics card in hours.
SCRYPT = {"r": 8, "p": 1, "dklen": 32}


def normalise(code: str) -> str:
    """What a person typed, without the spaces and dashes we show the code with."""
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


def display(code: str) -> str:
    """12 digits in groups of four, easier to copy: 4821 0937 5512."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def _hash(code: str, salt: bytes, n: int) -> bytes:
    return hashlib.scrypt(code.encode(), salt=salt, n=n, **SCRYPT)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def new_codes() -> list[str]:
    """MFA_RECOVERY_CODE_COUNT fresh random codes of MFA_RECOVERY_CODE_DIGITS digits, all different."""
    codes: set[str] = set()
    while len(codes) < app_settings.RECOVERY_CODE_COUNT:
        codes.add("".join(secrets.choice("0123456789") for _ in range(app_settings.RECOVERY_CODE_DIGITS)))
    return sorted(codes)


def stored_form(codes: list[str]) -> dict[str, Any]:
    """The Authenticator data for these codes: a salt and a hash each, none used."""
    n = settings.WARP_RECOVERY_CODE_SCRYPT_N
    entries = []
    for code in codes:
        salt = secrets.token_bytes(16)
        entries.append({"salt": _b64(salt), "hash": _b64(_hash(code, salt, n)), "used_at": None})
    return {"scheme": SCHEME, "n": n, "codes": entries, "migrated_codes": []}


def is_ours(data: dict[str, Any]) -> bool:
    return data.get("scheme") == SCHEME


def matching_unused(data: dict[str, Any], code: str) -> int | None:
    """The position of the unused code matching `code`, if any. Every unused code is hashed and compared
    in constant time, so the time taken does not tell which one matched."""
    code = normalise(code)
    found = None
    if not is_ours(data) or not code.isdigit():
        return None
    for position, entry in enumerate(data["codes"]):
        if entry["used_at"] is not None:
            continue
        candidate = _hash(code, base64.b64decode(entry["salt"]), data["n"])
        if hmac.compare_digest(candidate, base64.b64decode(entry["hash"])):
            found = position
    return found


def unused_count(data: dict[str, Any]) -> int:
    return sum(1 for entry in data.get("codes", []) if entry["used_at"] is None) if is_ours(data) else 0
