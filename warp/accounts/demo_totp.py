"""The demo centre's authenticator key: one fixed, published key for every demo staff login.

Demo only: `warp demo` gives it to the invented @example.org staff it creates, and `warp manage
demo_totp_code` prints the current code. Real accounts get a random key when they set up their app."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

DEMO_TOTP_SECRET = "WARPDEMOWARPDEMOWARPDEMOWARPDEMO"  # noqa: S105 - published on purpose, demo only


def demo_code(at: float | None = None) -> str:
    """The 6-digit code an authenticator app with the demo key shows at `at` (default: now)."""
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(at if at is not None else time.time()) // 30))
