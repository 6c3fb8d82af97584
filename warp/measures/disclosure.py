"""The outcomes report as commissioners see it: small numbers suppressed (warp/core/disclosure.py's rule),
computed from the one staff report, never anew."""

from copy import deepcopy

from warp.core.disclosure import DisclosureRule
from warp.measures.queries import Figures, OutcomesReport


def _figures(figures: Figures, rule: DisclosureRule) -> None:
    pairs = figures.pairs
    for name in ("baseline_mean", "follow_up_mean", "mean_change", "effect_size"):
        setattr(figures, name, rule.derived(getattr(figures, name), pairs))
    figures.pairs = rule.count(pairs)  # type: ignore[assignment]
    for name in (
        "reliably_improved",
        "reliably_deteriorated",
        "no_reliable_change",
        "crossed_clinical_cutoff",
    ):
        value = getattr(figures, name)
        if value is not None:
            setattr(figures, name, rule.count(value))


def note(rule: DisclosureRule) -> str:
    return (
        f"Counts from 1 to {rule.threshold} are shown as * and other counts are rounded to the nearest "
        f"{rule.base}, so totals may not add up. The percentage followed up is worked out from the exact "
        f"counts and shown as a whole number; means and the effect size of {rule.threshold} or fewer pairs "
        "are shown as *."
    )


def for_commissioners(report: OutcomesReport, rule: DisclosureRule | None = None) -> OutcomesReport:
    rule = rule or DisclosureRule.from_settings()
    safe = deepcopy(report)
    pairs, baselines = report.figures.pairs, report.baselines
    safe.followed_up_percent = rule.rate(pairs, baselines)  # type: ignore[assignment]
    safe.responses = rule.count(report.responses)  # type: ignore[assignment]
    safe.incomplete = rule.count(report.incomplete)  # type: ignore[assignment]
    safe.baselines = rule.count(baselines)  # type: ignore[assignment]
    for figures in [safe.figures, *(g.figures for g in safe.by_course), *(g.figures for g in safe.by_level)]:
        _figures(figures, rule)
    safe.points = []  # one dot per person: for staff only
    safe.suppressed = True
    return safe
