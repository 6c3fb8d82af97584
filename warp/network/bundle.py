"""The bundle: one centre's disclosure-controlled figures for one period, signed with the centre's key.

A bundle is one readable JSON file:

    {"format": "warp-network-bundle", "format_version": 2,
     "centre": {"code": ..., "name": ...}, "period": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"},
     "software_version": ..., "created_on": ..., "public_key": ...,
     "figures": {...}, "rates": [...], "fidelity": [...],
     "signature": "<base64 Ed25519 signature>"}

The signature is over the canonical form of everything but "signature": JSON with sorted keys, no
whitespace, UTF-8 (`canonical`). The figures are the evaluation report as commissioners see it (computed
by warp/evaluation once, suppressed by warp/evaluation/disclosure.py), plus age band counts and the
would-attend-again and co-facilitated workshop counts, suppressed by the same rule, and each outcome
questionnaire's outcomes report for the period as commissioners see it (warp/measures/disclosure.py); every
rate is given with the counts it comes from. Nothing person-level: no name, no date, no free text a person
wrote.

Versions: 1 had no workshops, cohorts or outcomes; 2 adds `figures.workshops`, `figures.cohorts`,
`figures.outcomes` and their rates. A hub reads both (`READABLE_VERSIONS`): a version 1 bundle simply has
none of the new figures, and the network report says how many centres' bundles carry each section.
"""

import json
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.conf import settings
from django.utils import timezone

from warp.evaluation.disclosure import DisclosureRule, for_commissioners
from warp.evaluation.queries import evaluation_report
from warp.measures.disclosure import for_commissioners as outcomes_for_commissioners
from warp.measures.models import Instrument
from warp.measures.queries import outcomes_report
from warp.network import keys
from warp.network.queries import (
    age_band_counts,
    co_facilitated_count,
    latest_fidelity,
    would_attend_again_count,
)

FORMAT = "warp-network-bundle"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # a hub still takes bundles from a centre that has not upgraded
REQUIRED = ("format", "format_version", "centre", "period", "software_version", "figures", "rates")


class BundleRefused(Exception):
    """A bundle the hub will not take; the message says why and what to do."""


def software_version() -> str:
    try:
        return version("warp")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def canonical(document: dict) -> bytes:
    """Everything but the signature, as the bytes that are signed: sorted keys, no whitespace, UTF-8."""
    body = {key: value for key, value in document.items() if key != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _rate(name: str, percent: Any, numerator: str, part: Any, denominator: str, whole: Any) -> dict:
    return {
        "name": name,
        "percent": percent,
        "numerator": numerator,
        "numerator_count": part,
        "denominator": denominator,
        "denominator_count": whole,
    }


def bundle_figures(*, start: date, end: date) -> tuple[dict, list[dict], list[dict]]:
    """(figures, rates, fidelity) for the period, as a bundle holds them."""
    rule = DisclosureRule.from_settings()
    safe = for_commissioners(evaluation_report(start=start, end=end), rule)
    yes = rule.count(would_attend_again_count(start=start, end=end))
    students, total, feedback, reviews = safe.students, safe.courses.total, safe.feedback, safe.reviews
    figures: dict[str, Any] = {
        "disclosure": {
            "suppressed_up_to": rule.threshold,
            "rounded_to": rule.base,
            "note": safe.notes[-1],
        },
        "students": {
            "registered": students.registered,
            "by_identity": [{"label": r.label, "count": r.count} for r in students.by_identity],
            "by_gender": [{"label": r.label, "count": r.count} for r in students.by_gender],
            "by_age_band": [
                {"label": label, "count": rule.count(n)} for label, n in age_band_counts(end=end)
            ],
            "age_not_provided": students.age.not_provided,
        },
        "courses": {
            "runs": safe.courses.runs,
            "booked": total.booked,
            "started": total.started,
            "completed": total.completed,
            "completion_percent": total.completion_percent,
            "dropout_percent": total.dropout_percent,
            "by_term": [
                {
                    "label": row.label,
                    "booked": row.booked,
                    "started": row.started,
                    "completed": row.completed,
                    "completion_percent": row.completion_percent,
                }
                for row in safe.courses.by_term
            ],
        },
        "feedback": {
            "responses": feedback.responses,
            "answered": feedback.answered,
            "would_attend_again": yes,
            "would_attend_again_percent": feedback.would_attend_again_percent,
        },
        "reviews": {
            "count": reviews.count,
            "students": reviews.students,
            "coded": reviews.coded,
            "by_category": [{"label": r.label, "count": r.count} for r in reviews.by_category],
        },
    }
    workshops, cohorts = safe.workshops, safe.cohorts
    co_facilitated = rule.count(co_facilitated_count(start=start, end=end))
    if workshops is not None:
        figures["workshops"] = {
            "sessions": workshops.sessions,
            "attendances": workshops.attendances,
            "settings": workshops.settings,
            "co_facilitated": co_facilitated,
            "co_facilitated_percent": workshops.co_facilitated_percent,
        }
    if cohorts is not None:
        figures["cohorts"] = {
            "cohorts": cohorts.cohorts,
            "participants": cohorts.participants,
            "completed": cohorts.completed,
            "referrals": cohorts.referrals,
        }
    outcomes = outcome_figures(start=start, end=end, rule=rule)
    figures["outcomes"] = outcomes
    rates = [
        _rate(
            "completion_percent",
            total.completion_percent,
            "courses.completed",
            total.completed,
            "courses.booked",
            total.booked,
        ),
        _rate(
            "would_attend_again_percent",
            feedback.would_attend_again_percent,
            "feedback.would_attend_again",
            yes,
            "feedback.answered",
            feedback.answered,
        ),
    ]
    if workshops is not None:
        rates.append(
            _rate(
                "co_facilitated_percent",
                workshops.co_facilitated_percent,
                "workshops.co_facilitated",
                co_facilitated,
                "workshops.sessions",
                workshops.sessions,
            )
        )
    for row in outcomes:
        rates.append(
            _rate(
                f"outcomes.{row['code']}.followed_up_percent",
                row["followed_up_percent"],
                f"outcomes.{row['code']}.pairs",
                row["pairs"],
                f"outcomes.{row['code']}.baselines",
                row["baselines"],
            )
        )
    # The latest rating of each component: levels and dates only (evidence notes stay at the centre).
    fidelity = [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "out_of": r.out_of,
            "rated_on": r.rated_on.isoformat() if r.rated_on else None,
        }
        for r in latest_fidelity()
    ]
    return figures, rates, fidelity


def outcome_figures(*, start: date, end: date, rule: DisclosureRule) -> list[dict]:
    """Each questionnaire answered in the period: its outcomes report as commissioners see it (computed by
    warp/measures once, suppressed by warp/measures/disclosure.py), the figures a network pools. Four
    queries per questionnaire (a centre uses a handful), plus one for the list."""
    rows = []
    for instrument in Instrument.objects.order_by("code"):
        exact = outcomes_report(instrument=instrument, start=start, end=end)
        if not (exact.responses or exact.incomplete):
            continue  # not used in this period: nothing to share
        safe = outcomes_for_commissioners(exact, rule)
        rows.append(
            {
                "code": safe.instrument_code,
                "name": safe.instrument_name,
                "pairs": safe.figures.pairs,
                "baselines": safe.baselines,
                "followed_up_percent": safe.followed_up_percent,
                "mean_change": safe.figures.mean_change,
                "reliably_improved": safe.figures.reliably_improved,
                "reliably_deteriorated": safe.figures.reliably_deteriorated,
            }
        )
    return rows


def bundle_build(*, start: date, end: date, code: str, name: str | None = None) -> dict:
    """The signed bundle, ready to write (signed with this centre's key, made on first use)."""
    figures, rates, fidelity = bundle_figures(start=start, end=end)
    private = keys.private_key()
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "centre": {"code": code, "name": name or settings.CENTRE_NAME},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "software_version": software_version(),
        "created_on": timezone.localdate().isoformat(),
        "public_key": keys.public_key_text(private.public_key()),
        "figures": figures,
        "rates": rates,
        "fidelity": fidelity,
    }
    document["signature"] = keys.sign(canonical(document), private)
    return document


def bundle_text(document: dict) -> str:
    """The file as written: indented, so a person can read it before sending it."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse(text: str | bytes) -> dict:
    """The bundle in a file, checked for shape (not yet for its signature)."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise BundleRefused(
            f"This file is not a readable JSON bundle ({error}). Nothing was imported."
        ) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleRefused(
            f"This file is not a WaRP network bundle (its format is not {FORMAT!r}). Nothing was imported."
        )
    version_given = document.get("format_version")
    if isinstance(version_given, bool) or version_given not in READABLE_VERSIONS:
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise BundleRefused(
            f"This bundle is in format version {version_given!r}, which this hub does not "
            f"know (it reads versions {readable}). Ask the centre which WaRP made it, or upgrade this "
            "hub. Nothing was imported."
        )
    missing = [key for key in (*REQUIRED, "signature") if key not in document]
    if missing:
        raise BundleRefused(f"This bundle has no {', '.join(missing)}. Nothing was imported.")
    centre, period = document["centre"], document["period"]
    if not isinstance(centre, dict) or not str(centre.get("code") or "").strip():
        raise BundleRefused("This bundle names no centre code. Nothing was imported.")
    try:
        start = date.fromisoformat(period["start"])
        end = date.fromisoformat(period["end"])
    except (TypeError, KeyError, ValueError) as error:
        raise BundleRefused(
            "This bundle's period is not two dates (YYYY-MM-DD). Nothing was imported."
        ) from error
    if start > end:
        raise BundleRefused("This bundle's period ends before it starts. Nothing was imported.")
    return document


def period_of(document: dict) -> tuple[date, date]:
    return date.fromisoformat(document["period"]["start"]), date.fromisoformat(document["period"]["end"])
