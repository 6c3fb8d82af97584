"""The whole evaluation report recounted in hand-written SQL, to check and time the ORM computation against.

Each function returns plain dicts and tuples; `report_as_plain(report)` turns the ORM's report into the same
shape, so the two can be compared number by number before either is timed. Percentages are rounded from
the same whole numbers with the same rule as warp/evaluation/queries.py.
"""

from datetime import date, datetime
from fractions import Fraction

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench.measure import _param, students_section_sql


def _percent(part, whole):
    return None if not whole else round(100 * part / whole, 1)


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def courses_section_sql(start: date, end: date, now: datetime) -> dict:
    fraction = Fraction(str(settings.WARP_COMPLETION_MIN_FRACTION)).limit_denominator(1000)
    local = timezone.localtime(now)
    params = {
        "start": _param(start),
        "end": _param(end),
        "today": _param(local.date()),
        "now_time": local.time().replace(microsecond=0).isoformat(),
        "num": fraction.numerator,
        "den": fraction.denominator,
    }
    runs = (
        "SELECT DISTINCT course_run_id AS id FROM prospectus_session WHERE date BETWEEN %(start)s AND %(end)s"
    )
    (run_count,) = _rows(f"SELECT COUNT(*) FROM ({runs}) r", params)[0]
    progress = _rows(
        f"""
        WITH runs AS ({runs}),
        sess AS (SELECT course_run_id, COUNT(*) AS n FROM prospectus_session
                 WHERE course_run_id IN (SELECT id FROM runs) GROUP BY course_run_id),
        pres AS (SELECT a.booking_id, COUNT(*) AS n FROM bookings_attendance a
                 JOIN bookings_booking b ON b.id = a.booking_id
                 WHERE a.mark = 'present' AND b.course_run_id IN (SELECT id FROM runs) GROUP BY a.booking_id)
        SELECT r.term_id, r.course_id, COUNT(*),
               SUM(CASE WHEN COALESCE(p.n, 0) > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN COALESCE(p.n, 0) > 0 AND COALESCE(s.n, 0) > 0
                         AND COALESCE(p.n, 0) * %(den)s >= COALESCE(s.n, 0) * %(num)s THEN 1 ELSE 0 END)
        FROM bookings_booking b
        JOIN prospectus_courserun r ON r.id = b.course_run_id
        LEFT JOIN sess s ON s.course_run_id = r.id
        LEFT JOIN pres p ON p.booking_id = b.id
        WHERE b.status = 'booked' AND r.id IN (SELECT id FROM runs)
        GROUP BY r.term_id, r.course_id
        """,
        params,
    )
    marks = _rows(
        f"""
        SELECT r.term_id, r.course_id, SUM(CASE WHEN a.mark = 'present' THEN 1 ELSE 0 END), COUNT(*)
        FROM bookings_attendance a
        JOIN prospectus_session s ON s.id = a.session_id
        JOIN prospectus_courserun r ON r.id = s.course_run_id
        WHERE r.id IN ({runs}) AND (s.date < %(today)s OR (s.date = %(today)s AND s.starts_at <= %(now_time)s))
        GROUP BY r.term_id, r.course_id
        """,
        params,
    )
    names = dict(_rows("SELECT id, name FROM prospectus_term", {}))
    titles = dict(_rows("SELECT id, title FROM prospectus_course", {}))
    starts = dict(_rows("SELECT id, starts_on FROM prospectus_term", {}))
    cells: dict[tuple, list[int]] = {}
    for term, course, booked, started, completed in progress:
        cells.setdefault((term, course), [0, 0, 0, 0, 0])[:3] = [
            booked,
            int(started or 0),
            int(completed or 0),
        ]
    for term, course, present, all_marks in marks:
        cells.setdefault((term, course), [0, 0, 0, 0, 0])[3:] = [int(present or 0), all_marks]

    def row(label, keys):
        b, st, c, p, m = (sum(cells[k][i] for k in keys) for i in range(5))
        return (label, b, st, c, _percent(c, b), _percent(st - c, st), _percent(p, m))

    terms = sorted({t for t, _ in cells}, key=lambda t: (str(starts[t]), t))
    courses = sorted({c for _, c in cells}, key=lambda c: titles[c])
    return {
        "runs": run_count,
        "total": row("All runs", list(cells)),
        "by_term": [row(names[t], [k for k in cells if k[0] == t]) for t in terms],
        "by_course": [row(titles[c], [k for k in cells if k[1] == c]) for c in courses],
    }


def feedback_section_sql(start: date, end: date) -> dict:
    params = {"start": _param(start), "end": _param(end)}
    figures = """COUNT(*), SUM(CASE WHEN f.would_attend_again <> '' THEN 1 ELSE 0 END),
                 SUM(CASE WHEN f.would_attend_again = 'yes' THEN 1 ELSE 0 END), AVG(f.rating)"""

    def shaped(label, responses, answered, yes, rating):
        answered, yes = int(answered or 0), int(yes or 0)
        return (
            label,
            responses,
            answered,
            _percent(yes, answered),
            None if rating is None else round(float(rating), 1),
        )

    total = _rows(
        f"SELECT {figures} FROM feedback_feedbackresponse f WHERE f.submitted_on BETWEEN %(start)s AND %(end)s",
        params,
    )[0]
    per_term = _rows(
        f"""
        SELECT t.name, t.starts_on, {figures}
        FROM feedback_feedbackresponse f
        JOIN prospectus_courserun r ON r.id = f.course_run_id JOIN prospectus_term t ON t.id = r.term_id
        WHERE f.submitted_on BETWEEN %(start)s AND %(end)s
        GROUP BY t.id, t.name, t.starts_on ORDER BY t.starts_on, t.name
        """,
        params,
    )
    return {
        "total": shaped("All feedback", *total),
        "by_term": [shaped(name, *rest) for name, _, *rest in per_term],
    }


def reviews_section_sql(start: date, end: date, per_category: int) -> dict:
    params = {"start": _param(start), "end": _param(end), "limit": per_category}
    count, students, coded = _rows(
        """SELECT COUNT(*), COUNT(DISTINCT student_id), SUM(CASE WHEN coded_at IS NOT NULL THEN 1 ELSE 0 END)
           FROM students_learningplanreview WHERE review_date BETWEEN %(start)s AND %(end)s""",
        params,
    )[0]
    categories = _rows(
        """
        SELECT c.id, c.label, c.is_active, COUNT(DISTINCT r.student_id)
        FROM students_outcomecategory c
        LEFT JOIN students_learningplanreview_categories rc ON rc.outcomecategory_id = c.id
        LEFT JOIN students_learningplanreview r ON r.id = rc.learningplanreview_id
             AND r.review_date BETWEEN %(start)s AND %(end)s
        GROUP BY c.id, c.label, c.is_active, c."order" ORDER BY c."order", c.label
        """,
        params,
    )
    quotes: dict[int, list[str]] = {}
    for category, words in _rows(
        """
        SELECT category, changes FROM (
            SELECT rc.outcomecategory_id AS category, r.changes AS changes,
                   ROW_NUMBER() OVER (PARTITION BY rc.outcomecategory_id
                                      ORDER BY r.review_date DESC, r.id DESC) AS rank
            FROM students_learningplanreview_categories rc
            JOIN students_learningplanreview r ON r.id = rc.learningplanreview_id
            WHERE r.review_date BETWEEN %(start)s AND %(end)s AND r.quote_consent AND r.changes <> ''
        ) ranked WHERE rank <= %(limit)s ORDER BY category, rank
        """,
        params,
    ):
        quotes.setdefault(category, []).append(words)
    return {
        "count": count,
        "students": students,
        "coded": int(coded or 0),
        "by_category": [(label, n, quotes.get(pk, [])) for pk, label, active, n in categories if active or n],
    }


def report_sql(start: date, end: date, now: datetime) -> dict:
    from warp.evaluation.queries import QUOTES_PER_CATEGORY

    return {
        "students": students_section_sql(end),
        "courses": courses_section_sql(start, end, now),
        "feedback": feedback_section_sql(start, end),
        "reviews": reviews_section_sql(start, end, QUOTES_PER_CATEGORY),
    }


def report_as_plain(report) -> dict:
    """The ORM report in report_sql's shape."""
    s, c, f, r = report.students, report.courses, report.feedback, report.reviews

    def progress(row):
        return (
            row.label,
            row.booked,
            row.started,
            row.completed,
            row.completion_percent,
            row.dropout_percent,
            row.attendance_percent,
        )

    def feedback_row(row):
        return (row.label, row.responses, row.answered, row.would_attend_again_percent, row.average_rating)

    return {
        "students": {
            "registered": s.registered,
            "by_identity": {row.label: row.count for row in s.by_identity},
            "by_gender": {row.label: row.count for row in s.by_gender},
            "age": {
                "mean": s.age.mean,
                "min": s.age.min,
                "max": s.age.max,
                "not_provided": s.age.not_provided,
            },
            "by_term": [(t.term, t.new, t.registered_by_end) for t in s.by_term],
        },
        "courses": {
            "runs": c.runs,
            "total": progress(c.total),
            "by_term": [progress(row) for row in c.by_term],
            "by_course": [progress(row) for row in c.by_course],
        },
        "feedback": {
            "total": (
                "All feedback",
                f.responses,
                f.answered,
                f.would_attend_again_percent,
                f.average_rating,
            ),
            "by_term": [feedback_row(row) for row in f.by_term],
        },
        "reviews": {
            "count": r.count,
            "students": r.students,
            "coded": r.coded,
            "by_category": [(row.label, row.count, row.quotes) for row in r.by_category],
        },
    }
