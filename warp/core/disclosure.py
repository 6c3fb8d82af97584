"""Small-number suppression for anything a commissioner sees.

Counts from 1 to the threshold (default 7) show as "*", and larger counts are rounded to the nearest base
(default 5), following NHS Digital's disclosure-control rule for sub-national figures. Zero stays 0: an
empty cell identifies nobody. Percentages and means are withheld ("*") when the group behind them (the
denominator) is 7 or fewer, since a percentage of a small group can reveal individuals just as a count can.

A percentage is worked out from the exact counts and shown as a whole number, never one that cannot be true:
it shows 100% only when every one did, and 0% only when none did (99.6% shows as 99%, 0.4% as 1%), so
"100% completed" never sits beside a dropout that is not 0%.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class DisclosureRule:
    threshold: int = 7
    base: int = 5

    @classmethod
    def from_settings(cls) -> "DisclosureRule":
        return cls(threshold=settings.WARP_SUPPRESS_UP_TO, base=settings.WARP_ROUND_TO)

    def count(self, value: int) -> int | str:
        if value == 0:
            return 0
        if value <= self.threshold:
            return "*"
        # Round half up, so 12.5 -> 15, as the published rule does (Python's round() would go to even).
        return int((value + self.base / 2) // self.base * self.base)

    def rate(self, part: int, whole: int) -> int | str | None:
        """part / whole as a whole-number percentage from the exact counts; "*" for a whole of 1 to the
        threshold; None for a whole of 0 (no rate at all)."""
        if whole == 0:
            return None
        if whole <= self.threshold:
            return "*"
        return _true_whole(100 * part / whole)

    def derived(self, value, group_size: int):
        """A percentage, mean or similar figure computed from a group of `group_size` people."""
        if value is None:
            return None
        return "*" if 0 < group_size <= self.threshold else value


def _true_whole(percent: float) -> int:
    """Rounded half up to a whole number, but never to 0 or 100 unless it is exactly that."""
    shown = int(percent + 0.5)
    if shown == 100 and percent < 100:
        return 99
    if shown == 0 and percent > 0:
        return 1
    return shown


def _whole(value):
    """A staff percentage (exact to one decimal place) as a whole number that can be true."""
    return _true_whole(value) if isinstance(value, float) else value


def note(rule: DisclosureRule) -> str:
    """What the commissioners' report says about its numbers; it must match what for_commissioners does."""
    return (
        f"Counts from 1 to {rule.threshold} are shown as * and other counts are rounded to the nearest "
        f"{rule.base}, so totals may not add up. Percentages are worked out from the exact counts and "
        f"rounded to whole numbers (never to 0% or 100% unless exactly so); a percentage of {rule.threshold} "
        "or fewer people is shown as *. Youngest and oldest ages are not shown."
    )
