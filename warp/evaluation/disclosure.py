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

__all__ = ["DisclosureRule", "for_commissioners", "note"]


def for_commissioners(report, rule: DisclosureRule | None = None):
    """The same report with small numbers suppressed; computed from the one staff report, never anew."""
    from copy import deepcopy

    rule = rule or DisclosureRule.from_settings()
    safe = deepcopy(report)
    students = safe.students
    registered = students.registered
    students.registered = rule.count(registered)
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
    for row in [safe.courses.total, *safe.courses.by_term, *safe.courses.by_course]:
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
        answered, responses = row.answered, row.responses
        row.would_attend_again_percent = _whole(rule.derived(row.would_attend_again_percent, answered))
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
    safe.runs = []  # per-run detail is for managers only
    safe.suppressed = True
    safe.notes.append(note(rule))
    return safe
