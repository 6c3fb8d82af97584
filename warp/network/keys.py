"""The centre's Ed25519 key pair: made on first use, the private half kept in a file and never shown.

The private key lives in `WARP_DATA_DIR/network_key.pem` (mode 600), or in the file `WARP_NETWORK_KEY_FILE`
names (a PEM file, made there on first use when it does not exist yet). Public keys travel as the 32 raw
bytes in base64: short enough to read out over the phone, or paste into an email.
"""

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

KEY_FILE_NAME = "network_key.pem"


class KeyProblem(Exception):
    """A key that cannot be read or used; the message says what to do."""


def key_path() -> Path:
    configured = getattr(settings, "WARP_NETWORK_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / KEY_FILE_NAME


def _write_new_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by its owner only, before a byte is written.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def private_key() -> Ed25519PrivateKey:
    """The centre's private key, made (and saved) on first use."""
    path = key_path()
    if not path.exists():
        return _write_new_key(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:
        raise KeyProblem(
            f"The centre's key file {path} could not be read as an unencrypted PEM private key ({error}). "
            "Restore it from your backup, or point WARP_NETWORK_KEY_FILE at the right file."
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"The key in {path} is not an Ed25519 key. WaRP's network uses Ed25519 keys only.")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def centre_public_key() -> str:
    return public_key_text(private_key().public_key())


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key as `warp network key` prints it (base64 of 32 bytes; hex is accepted too)."""
    text = (text or "").strip()
    raw: bytes | None = None
    if len(text) == 64:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = None
    if raw is None:
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raw = None
    if raw is None or len(raw) != 32:
        raise KeyProblem(
            "That is not a public key as `warp network key` prints it: 44 characters of base64 (or 64 of "
            "hex). Ask the centre to run `warp network key` and copy its last line exactly."
        )
    return Ed25519PublicKey.from_public_bytes(raw)


def normalised_public_key(text: str) -> str:
    """The key in the one form the hub stores (base64)."""
    return public_key_text(parse_public_key(text))


def sign(message: bytes, key: Ed25519PrivateKey | None = None) -> str:
    return base64.b64encode((key or private_key()).sign(message)).decode("ascii")


def verifies(public_key: str, message: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        parse_public_key(public_key).verify(raw, message)
    except (binascii.Error, ValueError, InvalidSignature, KeyProblem):
        return False
    return True
