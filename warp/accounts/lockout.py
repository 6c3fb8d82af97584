"""Per-account lockout: too many failed sign-ins in a short window lock the account for a cool-off period.

Counted in the cache (settings.CACHES), keyed by a hash of the email address typed, so it works the same
for addresses with no account (nothing is revealed by being locked). Several servers need a shared cache.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(kind: str, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"warp.lockout.{kind}.{digest}"


@dataclass(frozen=True)
class Lock:
    until: datetime

    @property
    def minutes_left(self) -> int:
        seconds = (self.until - timezone.now()).total_seconds()
        return max(1, int(-(-seconds // 60)))


def lock_for(email: str) -> Lock | None:
    """The lock on this address, if it is locked now."""
    until = cache.get(_key("until", email))
    if until is None or until <= time.time():
        return None
    return Lock(until=datetime.fromtimestamp(until, tz=UTC))


def record_failure(email: str) -> Lock | None:
    """Note one failed attempt; lock the address when the attempts within the window reach the limit."""
    now = time.time()
    window = settings.WARP_LOCKOUT_WINDOW_MINUTES * 60
    key = _key("failures", email)
    failures = [at for at in cache.get(key, []) if at > now - window]
    failures.append(now)
    if len(failures) >= settings.WARP_LOCKOUT_ATTEMPTS:
        cool_off = settings.WARP_LOCKOUT_MINUTES * 60
        cache.set(_key("until", email), now + cool_off, timeout=cool_off)
        cache.delete(key)
        return lock_for(email)
    cache.set(key, failures, timeout=window)
    return None


def clear(email: str) -> None:
    """Forget the failures (after a successful sign-in or password reset); an active lock stays."""
    cache.delete(_key("failures", email))
