"""Per-account lockout: too many failed sign-ins in a short window lock the account for a cool-off period.

A failure is a wrong password at sign-in (WaRP's own page, which the Django admin's sign-in also uses), a
wrong password when confirming it or changing it, and a wrong code at the second-factor step: all count
toward the one lock for that address.

Counted in the database (accounts.SignInLockout), one row per address typed, keyed by a hash of the address
so it works the same for addresses with no account (nothing is revealed by being locked). Each failure is
recorded under a row lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite's write transactions are taken one at
a time), so the limit is exact however many attempts arrive at once and whichever server takes them.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from warp.accounts.models import SignInLockout


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class Lock:
    until: datetime

    @property
    def minutes_left(self) -> int:
        seconds = (self.until - timezone.now()).total_seconds()
        return max(1, int(-(-seconds // 60)))


def _lock(until: float | None, now: float) -> Lock | None:
    if until is None or until <= now:
        return None
    return Lock(until=datetime.fromtimestamp(until, tz=UTC))


def lock_for(email: str) -> Lock | None:
    """The lock on this address, if it is locked now (one query)."""
    until = SignInLockout.objects.filter(key=_key(email)).values_list("locked_until", flat=True).first()
    return _lock(until, time.time())


def record_failure(email: str) -> Lock | None:
    """Note one failed attempt; lock the address when the attempts within the window reach the limit.

    Returns the lock if the address is locked now (by this failure or an earlier one)."""
    now = time.time()
    window = settings.WARP_LOCKOUT_WINDOW_MINUTES * 60
    key = _key(email)
    # Make sure the row exists (a no-op if it does), then change it under its lock.
    SignInLockout.objects.bulk_create(
        [SignInLockout(key=key, expires_at=now + window)], ignore_conflicts=True
    )
    with transaction.atomic():
        row = SignInLockout.objects.select_for_update().get(key=key)
        lock = _lock(row.locked_until, now)
        if lock is not None:  # locked meanwhile (or already): the lock stands, nothing more to count
            return lock
        row.failures = [at for at in row.failures if at > now - window] + [now]
        row.expires_at = now + window
        if len(row.failures) >= settings.WARP_LOCKOUT_ATTEMPTS:
            row.locked_until = now + settings.WARP_LOCKOUT_MINUTES * 60
            row.expires_at = row.locked_until
            row.failures = []
        row.save(update_fields=["failures", "locked_until", "expires_at"])
    SignInLockout.objects.filter(expires_at__lt=now).delete()  # rows that no longer mean anything
    return _lock(row.locked_until, now)


def clear(email: str) -> None:
    """Forget the failures (after a successful sign-in or password reset); an active lock stays."""
    SignInLockout.objects.filter(key=_key(email)).update(failures=[])
