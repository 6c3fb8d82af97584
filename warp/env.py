"""Typed readers for settings from the environment: they fail loudly on a bad value."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name: str, default: str = "") -> str:
    """The value of NAME, or the contents of the file named by NAME_FILE (for secrets), or the default."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None


def envfloat(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number such as 0.5 (got {raw!r}).") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Signing in with an organisation's account (OpenID Connect; README "Signing in with your organisation's
# account"). The keys each provider in WARP_OIDC_PROVIDERS must have, and the one it may have.
OIDC_KEYS = ("id", "name", "server_url", "client_id", "secret_file")


def oidc_providers(name: str) -> list[dict]:
    """NAME (or the file NAME_FILE names) as a JSON list of identity providers, each
    {"id", "name", "server_url", "client_id", "secret_file"}, as allauth's openid_connect "APPS". The client
    secret is read from `secret_file`, never written in the variable itself. Unset or empty: no providers."""
    import json
    import re

    raw = env(name).strip()
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON list of providers ({error}).") from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured(f"{name} must be a JSON list of providers, [{{...}}, ...].")
    apps = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{name}: provider {number} must be a JSON object.")
        missing = [key for key in OIDC_KEYS if not str(entry.get(key, "")).strip()]
        unknown = sorted(set(entry) - set(OIDC_KEYS))
        if missing or unknown:
            raise ImproperlyConfigured(
                f"{name}: provider {number} needs {', '.join(OIDC_KEYS)}"
                + (f" (missing: {', '.join(missing)})" if missing else "")
                + (f" (unknown: {', '.join(unknown)})" if unknown else "")
                + "."
            )
        if not re.fullmatch(r"[a-z0-9-]{1,40}", entry["id"]):
            raise ImproperlyConfigured(
                f"{name}: provider {number}'s id must be 1 to 40 lower-case letters, digits or hyphens "
                f"(got {entry['id']!r}); it is part of the sign-in address."
            )
        if not str(entry["server_url"]).startswith("https://"):
            raise ImproperlyConfigured(f"{name}: provider {number}'s server_url must start https://.")
        try:
            secret = Path(entry["secret_file"]).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}: provider {number}'s secret_file cannot be read ({error.strerror})."
            ) from None
        apps.append(
            {
                "provider_id": entry["id"],
                "name": str(entry["name"]).strip(),
                "client_id": str(entry["client_id"]).strip(),
                "secret": secret,
                # Only the ID token is used (its claims: sub, email, email_verified, amr), so the userinfo
                # endpoint is not asked for more.
                "settings": {"server_url": str(entry["server_url"]).strip(), "fetch_userinfo": False},
            }
        )
    if len({app["provider_id"] for app in apps}) != len(apps):
        raise ImproperlyConfigured(f"{name}: two providers have the same id.")
    return apps
