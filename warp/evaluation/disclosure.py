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

from warp.students.models import Gender


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


def for_commissioners(report, rule: DisclosureRule | None = None):
    """The same report with small numbers suppressed; computed from the one staff report, never anew."""
    from copy import deepcopy

    rule = rule or DisclosureRule.from_settings()
    safe = deepcopy(report)
    students = safe.students
    registered = students.registered
    students.registered = rule.count(registered)
    # A ratio of small groups is as telling as their counts: withheld when either group is 1 to the threshold.
    women_and_men = [
        row.count for row in students.by_gender if row.label in (Gender.WOMAN.label, Gender.MAN.label)
    ]
    students.female_to_male_ratio = rule.derived(students.female_to_male_ratio, min(women_and_men, default=0))
    for row in [*students.by_identity, *students.by_gender]:
        row.count = rule.count(row.count)
    measured = registered - students.age.not_provided
    students.age.mean = rule.derived(students.age.mean, measured)
    # The youngest and oldest ages single out one person each; commissioners see the mean only.
    students.age.min = "*" if students.age.min is not None else None
    students.age.max = "*" if students.age.max is not None else None
    students.age.not_provided = rule.count(students.age.not_provided)
    for term in students.by_term:
        term.new = rule.count(term.new)
        term.registered_by_end = rule.count(term.registered_by_end)
    for row in [safe.courses.total, *safe.courses.by_term, *safe.courses.by_course, *safe.courses.by_level]:
        booked, started, completed = row.booked, row.started, row.completed
        row.booked, row.started, row.completed = (
            rule.count(booked),
            rule.count(started),
            rule.count(completed),
        )
        # From the exact counts: rates worked out from rounded counts can be untrue (10 of 10 shown for 9
        # of 12 reads as 100% completed beside a dropout).
        row.completion_percent = rule.rate(completed, booked)
        row.dropout_percent = rule.rate(started - completed, started)
        row.attendance_percent = _whole(rule.derived(row.attendance_percent, booked))
    safe.courses.runs = rule.count(safe.courses.runs)
    for row in [safe.feedback, *safe.feedback.by_term]:
        answered, responses, yes_or_no = row.answered, row.responses, row.answered_yes_or_no
        row.would_attend_again_percent = _whole(rule.derived(row.would_attend_again_percent, answered))
        row.would_attend_again_yes_or_no_percent = _whole(
            rule.derived(row.would_attend_again_yes_or_no_percent, yes_or_no)
        )
        row.answered_yes_or_no = rule.count(yes_or_no)
        row.average_rating = rule.derived(row.average_rating, responses)
        row.responses, row.answered = rule.count(responses), rule.count(answered)
    reviews = safe.reviews
    for row in reviews.by_category:
        row.count = rule.count(row.count)
    reviews.count, reviews.students, reviews.coded = (
        rule.count(reviews.count),
        rule.count(reviews.students),
        rule.count(reviews.coded),
    )
    _outreach_for_commissioners(safe, rule)
    agreement = reviews.agreement
    double_coded = agreement.double_coded
    agreement.double_coded = rule.count(double_coded)
    agreement.percent_agreement = _whole(rule.derived(agreement.percent_agreement, double_coded))
    for kappa_row in agreement.by_category:
        kappa_row.kappa = rule.derived(kappa_row.kappa, double_coded)
    safe.runs = []  # per-run detail is for managers only
    safe.suppressed = True
    safe.notes.append(note(rule))
    return safe


def _outreach_for_commissioners(safe, rule: DisclosureRule) -> None:
    """Workshops, activities and cohorts: every count rounded or starred; the co-facilitated share is of
    workshops (not people), withheld when there are few of them, like every other percentage."""
    workshops = safe.workshops
    if workshops is not None:
        sessions = workshops.sessions
        workshops.co_facilitated_percent = _whole(rule.derived(workshops.co_facilitated_percent, sessions))
        workshops.sessions = rule.count(sessions)
        workshops.attendances = rule.count(workshops.attendances)
        workshops.settings = rule.count(workshops.settings)
        for row in workshops.by_setting:
            row.sessions, row.attendances = rule.count(row.sessions), rule.count(row.attendances)
    activities = safe.activities
    if activities is not None:
        activities.meetings = rule.count(activities.meetings)
        activities.attendances = rule.count(activities.attendances)
        for row in activities.by_activity:
            row.meetings, row.attendances = rule.count(row.meetings), rule.count(row.attendances)
    cohorts = safe.cohorts
    if cohorts is not None:
        cohorts.cohorts = rule.count(cohorts.cohorts)
        cohorts.participants = rule.count(cohorts.participants)
        cohorts.completed = rule.count(cohorts.completed)
        if isinstance(cohorts.referrals, int):
            cohorts.referrals = rule.count(cohorts.referrals)
        cohorts.before_after = None  # no before/after figures reach commissioners until they are suppressed
