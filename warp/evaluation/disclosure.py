"""Small-number suppression of the evaluation report (the rule itself is in warp/core/disclosure.py,
shared with the outcomes report).

The rule:

Counts from 1 to the threshold (default 7) show as "*", and larger counts are rounded to the nearest base
(default 5), following NHS Digital's disclosure-control rule for sub-national figures. Zero stays 0: an
empty cell identifies nobody. Percentages and means are withheld ("*") when the group behind them (the
denominator) is 7 or fewer, since a percentage of a small group can reveal individuals just as a count can.

A percentage is worked out from the exact counts and shown as a whole number, never one that cannot be true:
it shows 100% only when every one did, and 0% only when none did (99.6% shows as 99%, 0.4% as 1%), so
"100% completed" never sits beside a dropout that is not 0%.
"""

from warp.core.disclosure import DisclosureRule, _whole, note
from warp.students.models import Gender

__all__ = ["DisclosureRule", "for_commissioners", "note"]


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
        for row in cohorts.before_after or []:
            pairs = row.pairs
            # Means of 7 or fewer pairs are withheld, as in the outcomes report.
            row.baseline_mean = rule.derived(row.baseline_mean, pairs)
            row.follow_up_mean = rule.derived(row.follow_up_mean, pairs)
            row.mean_change = rule.derived(row.mean_change, pairs)
            row.pairs = rule.count(pairs)
            row.reliably_improved = rule.count(row.reliably_improved)
            row.reliably_deteriorated = rule.count(row.reliably_deteriorated)
