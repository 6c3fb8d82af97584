"""The outcomes report against an independent recount, in plain Python with exact fractions, on random data:
reverse-scored items, conversion tables, both directions, incomplete responses, pairs across the period's
edges and changes tied with the reliable-change threshold.

The recount reads only the random answers and the instrument's definition; it shares no code with
warp/measures (not the scoring, not the pairing). Counts must agree exactly; means and the effect size,
shown to two decimals, to within 0.01 (the last digit of a rounding of a half may differ between exact and
floating-point arithmetic).
"""

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_student
from warp.measures.models import ResponseSource
from warp.measures.queries import outcomes_report
from warp.measures.services import instrument_save, response_record

START, END = date(2025, 3, 3), date(2025, 3, 8)
DAYS = [START + timedelta(days=n) for n in range(-1, 7)]  # a day either side of the period
STUDENTS = 4


@st.composite
def centres(draw):
    items = draw(st.integers(1, 4))
    low = draw(st.integers(0, 1))
    high = low + draw(st.integers(1, 4))
    method = draw(st.sampled_from(["sum", "mean"]))
    conversion = {}
    if method == "sum" and draw(st.booleans()):
        step = draw(st.sampled_from([Fraction(1), Fraction(3, 2), Fraction(-1), Fraction(1, 4)]))
        conversion = {raw: step * raw + 10 for raw in range(items * low, items * high + 1)}
    tie = draw(st.booleans())
    reliability = draw(st.sampled_from([0.6, 0.75, 0.9]))
    reference_sd = draw(st.sampled_from([0.5, 1.0, 2.5]))
    definition = {
        "items": items,
        "low": low,
        "high": high,
        "reverse": draw(st.sets(st.integers(1, items))),
        "method": method,
        "conversion": conversion,
        "higher_is_better": draw(st.booleans()),
        "reliability": reliability,
        "reference_sd": reference_sd,
        "cutoff": draw(st.one_of(st.none(), st.integers(items * low, items * high))),
    }
    answer = st.sampled_from([*range(low, high + 1)] * 3 + [None])  # now and then unanswered
    responses = draw(
        st.lists(
            st.tuples(
                st.integers(0, STUDENTS - 1),
                st.sampled_from(DAYS),
                st.sampled_from(["baseline", "follow-up"]),
                st.lists(answer, min_size=items, max_size=items),
            ),
            min_size=4,
            max_size=24,
            unique_by=lambda r: (r[0], r[1], r[2]),
        ).filter(lambda rs: all(any(a is not None for a in r[3]) for r in rs))
    )
    changes = sorted({abs(f - b) for b, f in _pairs_of(definition, responses) if f != b})
    if tie and changes:
        # Reliability 0.5 and SD T / 1.96 give a threshold of exactly T: make T one pair's change.
        threshold = draw(st.sampled_from(changes))
        definition["reliability"], definition["reference_sd"] = 0.5, float(threshold) / 1.96
    return definition, responses


def _score(definition, answers) -> Fraction | None:
    if any(a is None for a in answers):
        return None
    raw = sum(
        (definition["low"] + definition["high"] - a) if number in definition["reverse"] else a
        for number, a in enumerate(answers, start=1)
    )
    if definition["method"] == "mean":
        # A mean score is kept to two decimals (docs/measures.md): a mean of three items, 7/3, is 2.33.
        # Thirds never fall on a half, so how a half would be rounded does not matter here.
        value = Fraction(round(Fraction(raw, len(answers)), 2))
    elif definition["conversion"]:
        value = definition["conversion"][raw]
    else:
        value = Fraction(raw)
    # Sums and conversions in quarters are exact to two decimals already.
    return value


def _scored(definition, responses):
    return [
        (student, day, occasion, _score(definition, answers))
        for student, day, occasion, answers in responses
        if START <= day <= END
    ]


def _pairs_of(definition, responses, baselines: set | None = None) -> list[tuple[Fraction, Fraction]]:
    """Each student's earliest complete baseline in the period and latest complete later follow-up."""
    complete = [r for r in _scored(definition, responses) if r[3] is not None]
    pairs = []
    for student in range(STUDENTS):
        mine = sorted((r for r in complete if r[0] == student and r[2] == "baseline"), key=lambda r: r[1])
        if not mine:
            continue
        if baselines is not None:
            baselines.add(student)
        first = mine[0]
        later = sorted(
            (r for r in complete if r[0] == student and r[2] == "follow-up" and r[1] > first[1]),
            key=lambda r: r[1],
        )
        if later:
            pairs.append((first[3], later[-1][3]))
    return pairs


def _recount(definition, responses) -> dict:
    scored = _scored(definition, responses)
    complete = [r for r in scored if r[3] is not None]
    baselines: set[int] = set()
    pairs = _pairs_of(definition, responses, baselines)
    threshold = round(1.96 * definition["reference_sd"] * math.sqrt(2 * (1 - definition["reliability"])), 2)
    sign = 1 if definition["higher_is_better"] else -1
    changes = [f - b for b, f in pairs]
    improved = sum(1 for c in changes if sign * c > Fraction(str(threshold)))
    worse = sum(1 for c in changes if -sign * c > Fraction(str(threshold)))
    cutoff = definition["cutoff"]
    crossed = None
    if cutoff is not None:

        def worse_side(score):
            return score < cutoff if definition["higher_is_better"] else score > cutoff

        crossed = sum(1 for b, f in pairs if worse_side(b) and not worse_side(f))
    n = len(pairs)
    effect = None
    if n >= 2:
        mean_b = sum(b for b, _ in pairs) / n
        variance = sum((b - mean_b) ** 2 for b, _ in pairs) / (n - 1)
        if variance:
            effect = float(sum(changes) / n) / math.sqrt(variance)
    return {
        "responses": len(complete),
        "incomplete": len(scored) - len(complete),
        "baselines": len(baselines),
        "pairs": n,
        "followed_up_percent": round(100 * n / len(baselines), 1) if baselines else None,
        "baseline_mean": float(sum(b for b, _ in pairs) / n) if n else None,
        "follow_up_mean": float(sum(f for _, f in pairs) / n) if n else None,
        "mean_change": float(sum(changes) / n) if n else None,
        "effect_size": effect,
        "reliable_change_threshold": threshold,
        "reliably_improved": improved,
        "reliably_deteriorated": worse,
        "no_reliable_change": n - improved - worse,
        "crossed_clinical_cutoff": crossed,
    }


APPROXIMATE = {"baseline_mean", "follow_up_mean", "mean_change", "effect_size"}


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(centre=centres())
def test_the_report_agrees_with_an_independent_recount(centre, students):
    definition, responses = centre
    with transaction.atomic():
        instrument, _ = instrument_save(
            data={
                "code": "random-check",
                "name": "Random Check",
                "licence": "",
                "items": [
                    {"number": n, "text": f"Invented item {n}"} for n in range(1, definition["items"] + 1)
                ],
                "response_min": definition["low"],
                "response_max": definition["high"],
                "reverse_items": sorted(definition["reverse"]),
                "score": definition["method"],
                "conversion": {str(raw): float(value) for raw, value in definition["conversion"].items()},
                "higher_is_better": definition["higher_is_better"],
                "reliability": definition["reliability"],
                "reference_sd": definition["reference_sd"],
                "clinical_cutoff": definition["cutoff"],
            }
        )
        for student, day, occasion, answers in responses:
            response_record(
                student=students[student],
                instrument=instrument,
                completed_on=day,
                occasion=occasion,
                answers=answers,
                source=ResponseSource.IMPORT,
            )
        got = outcomes_report(instrument=instrument, start=START, end=END).to_dict()
        transaction.set_rollback(True)
    expected = _recount(definition, responses)
    for key, value in expected.items():
        if key in APPROXIMATE and value is not None and got[key] is not None:
            assert abs(got[key] - value) <= 0.01 + 1e-9, (key, got[key], value)
        else:
            assert got[key] == value, (key, got[key], value)


@pytest.fixture
def students(db):
    return [make_student() for _ in range(STUDENTS)]
