"""The outcomes report and the service-use report recounted in hand-written SQL, to check and time the
ORM computations (warp/measures/queries.py, warp/service_use/queries.py) against.

The pairs are found differently from the ORM: each student's earliest baseline (or `before` answer) is a
MIN in a GROUP BY, their latest later follow-up (or `after`) a MAX joined back to it, where the ORM uses
correlated subqueries. The outcomes figures are summed by the database (counts, sums and sums of squares,
CASE counts for reliable change and the cut-off); the service-use contacts are summed per service and
months, then divided exactly. `outcomes_as_plain` / `service_use_as_plain` turn the ORM's reports into the
same shape, so the two are compared number by number before either is timed, the outcomes report's
groups by course and by level included.
"""

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from bench.measure import _param
from bench.report_sql import _rows
from warp.prospectus.models import Level

OUTCOME_KEYS = [
    "responses",
    "incomplete",
    "baselines",
    "pairs",
    "followed_up_percent",
    "baseline_mean",
    "follow_up_mean",
    "mean_change",
    "effect_size",
    "reliable_change_threshold",
    "reliably_improved",
    "reliably_deteriorated",
    "no_reliable_change",
    "crossed_clinical_cutoff",
    "by_course",
    "by_level",
]


def outcomes_as_plain(report) -> dict:
    data = report.to_dict()
    return {key: data[key] for key in OUTCOME_KEYS}


def _two(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _pair_figures(n, sum_b, sum_bb, sum_f, improved, deteriorated, crossed, cutoff) -> dict:
    """One group's figures from its sums, as the report's `Figures` names them."""
    effect = None
    if n >= 2:
        variance = (sum_bb - sum_b * sum_b / n) / (n - 1)
        sd_b = math.sqrt(variance) if variance > 1e-9 else 0
        effect = _two(((sum_f - sum_b) / n) / sd_b) if sd_b > 0 else None
    return {
        "pairs": n,
        "baseline_mean": _two(sum_b / n) if n else None,
        "follow_up_mean": _two(sum_f / n) if n else None,
        "mean_change": _two((sum_f - sum_b) / n) if n else None,
        "effect_size": effect,
        "reliably_improved": improved or 0,
        "reliably_deteriorated": deteriorated or 0,
        "no_reliable_change": n - (improved or 0) - (deteriorated or 0),
        "crossed_clinical_cutoff": None if cutoff is None else (crossed or 0),
    }


def outcomes_sql(code: str, start: date, end: date) -> dict:
    (instrument_id, higher, reliability, sd, cutoff) = _rows(
        """
        SELECT i.id, v.higher_is_better, v.reliability, v.reference_sd, v.clinical_cutoff
        FROM measures_instrument i JOIN measures_instrumentversion v ON v.instrument_id = i.id
        WHERE i.code = %(code)s ORDER BY v.number DESC LIMIT 1
        """,
        {"code": code},
    )[0]
    threshold = round(1.96 * sd * math.sqrt(2 * (1 - reliability)), 2)
    sign = 1 if higher else -1
    params = {"i": instrument_id, "start": _param(start), "end": _param(end), "t": threshold, "sign": sign}
    responses, incomplete, baselines = _rows(
        """
        SELECT SUM(CASE WHEN score IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN score IS NULL THEN 1 ELSE 0 END),
               COUNT(DISTINCT CASE WHEN score IS NOT NULL AND occasion = 'baseline' THEN student_id END)
        FROM measures_measureresponse
        WHERE instrument_id = %(i)s AND completed_on BETWEEN %(start)s AND %(end)s
        """,
        params,
    )[0]
    # The cut-off itself counts as the better side.
    if cutoff is None:
        crossed_sql = "0"
    elif higher:
        crossed_sql = "SUM(CASE WHEN b < %(cut)s AND f >= %(cut)s THEN 1 ELSE 0 END)"
    else:
        crossed_sql = "SUM(CASE WHEN b > %(cut)s AND f <= %(cut)s THEN 1 ELSE 0 END)"
    params["cut"] = cutoff
    pairs = """
        WITH s AS (SELECT student_id, occasion, completed_on, score FROM measures_measureresponse
                   WHERE instrument_id = %(i)s AND completed_on BETWEEN %(start)s AND %(end)s
                     AND score IS NOT NULL),
        first_b AS (SELECT student_id, MIN(completed_on) AS day FROM s WHERE occasion = 'baseline'
                    GROUP BY student_id),
        last_f AS (SELECT s.student_id, MAX(s.completed_on) AS day FROM s
                   JOIN first_b ON first_b.student_id = s.student_id AND s.completed_on > first_b.day
                   WHERE s.occasion = 'follow-up' GROUP BY s.student_id),
        pairs AS (SELECT first_b.student_id AS sid, first_b.day AS bday, last_f.day AS fday,
                         bs.score AS b, fs.score AS f FROM first_b
                  JOIN last_f ON last_f.student_id = first_b.student_id
                  JOIN s bs ON bs.student_id = first_b.student_id AND bs.occasion = 'baseline'
                           AND bs.completed_on = first_b.day
                  JOIN s fs ON fs.student_id = last_f.student_id AND fs.occasion = 'follow-up'
                           AND fs.completed_on = last_f.day)
    """
    figures = f"""
        COUNT(*), SUM(b), SUM(b * b), SUM(f),
        SUM(CASE WHEN %(sign)s * (f - b) > %(t)s + 1e-6 THEN 1 ELSE 0 END),
        SUM(CASE WHEN -%(sign)s * (f - b) > %(t)s + 1e-6 THEN 1 ELSE 0 END),
        {crossed_sql}
    """  # noqa: S608 - the cut-off clause is chosen from the three above
    headline = _rows(pairs + f"SELECT {figures} FROM pairs", params)[0]  # noqa: S608 - as above
    # A course (and its level) counts for a pair when the student had a place on one of its runs with a
    # session between the pair's two dates, both included; each student counts once per course or level.
    runs = """,
        runs AS (SELECT bk.student_id AS sid, c.title AS title, c.level AS level,
                        MIN(se.date) AS first, MAX(se.date) AS last
                 FROM bookings_booking bk
                 JOIN prospectus_courserun r ON r.id = bk.course_run_id
                 JOIN prospectus_course c ON c.id = r.course_id
                 LEFT JOIN prospectus_session se ON se.course_run_id = r.id
                 WHERE bk.status = 'booked' AND bk.student_id IN (SELECT sid FROM pairs)
                 GROUP BY bk.student_id, bk.course_run_id, c.title, c.level)
    """

    def grouped(key: str) -> dict:
        rows = _rows(
            pairs
            + runs
            + f"""
            , members AS (SELECT DISTINCT runs.{key} AS label, pairs.sid, pairs.b, pairs.f FROM pairs
                          JOIN runs ON runs.sid = pairs.sid
                          WHERE runs.first <= pairs.fday AND runs.last >= pairs.bday)
            SELECT label, {figures} FROM members GROUP BY label
            """,  # noqa: S608 - key is "title" or "level", written here
            params,
        )
        return {label: _pair_figures(*sums, cutoff) for label, *sums in rows}

    by_title = grouped("title")
    by_level = grouped("level")
    levels = dict(Level.choices)
    order = list(levels)
    n = headline[0]
    return {
        "responses": responses or 0,
        "incomplete": incomplete or 0,
        "baselines": baselines,
        "followed_up_percent": round(100 * n / baselines, 1) if baselines else None,
        "reliable_change_threshold": threshold,
        **_pair_figures(*headline, cutoff),
        "by_course": [{"label": title, **by_title[title]} for title in sorted(by_title)],
        "by_level": [
            {"label": levels.get(level, level), **by_level[level]}
            for level in sorted(by_level, key=lambda key: order.index(key) if key in order else 99)
        ],
    }


def service_use_as_plain(report) -> dict:
    return report.to_dict()


def _places(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def service_use_sql(start: date, end: date) -> dict:
    params = {"start": _param(start), "end": _param(end)}
    pairs = """
        WITH a AS (SELECT id, student_id, answered_on, period FROM service_use_serviceuseanswer
                   WHERE answered_on BETWEEN %(start)s AND %(end)s),
        first_b AS (SELECT student_id, MIN(answered_on) AS day FROM a WHERE period = 'before'
                    GROUP BY student_id),
        last_a AS (SELECT a.student_id, MAX(a.answered_on) AS day FROM a
                   JOIN first_b ON first_b.student_id = a.student_id AND a.answered_on > first_b.day
                   WHERE a.period = 'after' GROUP BY a.student_id),
        pairs AS (SELECT b.id AS before_id, f.id AS after_id FROM first_b
                  JOIN last_a ON last_a.student_id = first_b.student_id
                  JOIN a b ON b.student_id = first_b.student_id AND b.period = 'before' AND b.answered_on = first_b.day
                  JOIN a f ON f.student_id = last_a.student_id AND f.period = 'after' AND f.answered_on = last_a.day)
    """
    (people,) = _rows(pairs + "SELECT COUNT(*) FROM pairs", params)[0]
    sums = _rows(
        pairs
        + """
        SELECT 'before', c.service_id, x.months, SUM(c.contacts) FROM pairs
        JOIN service_use_serviceuseanswer x ON x.id = pairs.before_id
        JOIN service_use_servicecontact c ON c.answer_id = x.id GROUP BY c.service_id, x.months
        UNION ALL
        SELECT 'after', c.service_id, x.months, SUM(c.contacts) FROM pairs
        JOIN service_use_serviceuseanswer x ON x.id = pairs.after_id
        JOIN service_use_servicecontact c ON c.answer_id = x.id GROUP BY c.service_id, x.months
        """,
        params,
    )
    totals: dict[tuple[str, int], Fraction] = {}
    for period, service, months, contacts in sums:
        totals[(period, service)] = totals.get((period, service), Fraction(0)) + Fraction(
            int(contacts), months
        )
    services = _rows(
        'SELECT id, code, label, unit_cost, is_active FROM service_use_service ORDER BY "order", label', {}
    )
    rows, cost_before, cost_after = [], Fraction(0), Fraction(0)
    for pk, code, label, unit_cost, is_active in services:
        used = ("before", pk) in totals or ("after", pk) in totals
        if not is_active and not used:
            continue
        cost = Fraction(Decimal(str(unit_cost)))
        before = totals.get(("before", pk), Fraction(0)) / people if people else None
        after = totals.get(("after", pk), Fraction(0)) / people if people else None
        if people:
            cost_before += before * cost
            cost_after += after * cost
        rows.append(
            {
                "code": code,
                "label": label,
                "unit_cost": float(Decimal(str(unit_cost))),
                "before_per_month": None if before is None else _places(before),
                "after_per_month": None if after is None else _places(after),
            }
        )
    return {
        "people": people,
        "services": rows,
        "cost_before_per_month": _places(cost_before) if people else None,
        "cost_after_per_month": _places(cost_after) if people else None,
        "cost_change_per_month": _places(cost_after - cost_before) if people else None,
    }
