"""The one report, rendered as CSV rows, JSON and PDF. Nothing here computes a number."""

import io
import json
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from warp.core.csvsafe import csv_writer
from warp.evaluation.charts import bar_chart_svg


def report_context(report) -> dict:
    """What the page, the printable HTML and the PDF templates need: the report and its charts."""
    students = report.students
    categories = report.reviews.by_category
    return {
        "outcomes_chart": bar_chart_svg(
            [row.label for row in categories],
            [row.count for row in categories],
            title="Changes students named in their Learning Plan Reviews",
            xlabel="Students",
        ),
        "report": report,
        "centre_name": settings.CENTRE_NAME,
        "completion_rule": _fraction_words(settings.WARP_COMPLETION_MIN_FRACTION),
        "identity_chart": bar_chart_svg(
            [row.label for row in students.by_identity],
            [row.count for row in students.by_identity],
            title="Registered students by self-selected identity",
            xlabel="Students",
        ),
    }


def _fraction_words(fraction: float) -> str:
    return {0.5: "half", 1.0: "all"}.get(fraction, f"{round(fraction * 100)}%")


PROGRESS_MEASURES = (
    "booked",
    "started",
    "completed",
    "completion_percent",
    "dropout_percent",
    "attendance_percent",
)
FEEDBACK_MEASURES = (
    "responses",
    "answered",
    "would_attend_again_percent",
    "answered_yes_or_no",
    "would_attend_again_yes_or_no_percent",
    "average_rating",
)


def report_rows(report) -> Iterator[tuple[str, str, str, object]]:
    """Tidy rows: (section, measure, group, value). One row per number in the report."""
    s = report.students
    yield ("period", "start", "", report.period.start.isoformat())
    yield ("period", "end", "", report.period.end.isoformat())
    yield ("students", "registered", "", s.registered)
    for row in s.by_identity:
        yield ("students", "by_identity", row.label, row.count)
    for row in s.by_gender:
        yield ("students", "by_gender", row.label, row.count)
    yield ("students", "female_to_male_ratio", "", s.female_to_male_ratio)
    for measure in ("mean", "min", "max", "not_provided"):
        yield ("students", f"age_{measure}", "", getattr(s.age, measure))
    for term in s.by_term:
        yield ("students", "new_in_term", term.term, term.new)
        yield ("students", "registered_by_term_end", term.term, term.registered_by_end)
    yield ("courses", "runs", "", report.courses.runs)
    for section, rows in (
        ("courses", [report.courses.total]),
        ("courses.by_term", report.courses.by_term),
        ("courses.by_course", report.courses.by_course),
        ("courses.by_level", report.courses.by_level),
    ):
        for row in rows:
            for measure in PROGRESS_MEASURES:
                yield (section, measure, row.label, getattr(row, measure))
    f = report.feedback
    for measure in FEEDBACK_MEASURES:
        yield ("feedback", measure, "", getattr(f, measure))
    for row in f.by_term:
        for measure in FEEDBACK_MEASURES:
            yield ("feedback.by_term", measure, row.label, getattr(row, measure))
    r = report.reviews
    for measure in ("count", "students", "coded"):
        yield ("reviews", measure, "", getattr(r, measure))
    for row in r.by_category:
        yield ("reviews.by_category", "students", row.label, row.count)
    yield from _outreach_rows(report)
    yield ("reviews.agreement", "double_coded", "", r.agreement.double_coded)
    yield ("reviews.agreement", "percent_agreement", "", r.agreement.percent_agreement)
    for kappa_row in r.agreement.by_category:
        yield ("reviews.agreement.by_category", "kappa", kappa_row.label, kappa_row.kappa)
    for run in report.runs:
        group = f"{run.course} (run {run.run_id})"
        yield ("runs", "places", group, run.places)
        yield ("runs", "waiting", group, run.waiting)
        for measure in PROGRESS_MEASURES:
            yield ("runs", measure, group, getattr(run.progress, measure))
        for measure in FEEDBACK_MEASURES:
            yield ("runs", f"feedback_{measure}", group, getattr(run.feedback, measure))


BEFORE_AFTER_MEASURES = (
    "pairs",
    "baseline_mean",
    "follow_up_mean",
    "mean_change",
    "reliably_improved",
    "reliably_deteriorated",
)


def _outreach_rows(report) -> Iterator[tuple[str, str, str, object]]:
    w = report.workshops
    if w is not None:
        for measure in ("sessions", "attendances", "settings", "co_facilitated_percent"):
            yield ("workshops", measure, "", getattr(w, measure))
        for row in w.by_setting:
            yield ("workshops.by_setting", "sessions", row.label, row.sessions)
            yield ("workshops.by_setting", "attendances", row.label, row.attendances)
    c = report.cohorts
    if c is not None:
        for measure in ("cohorts", "referrals", "participants", "completed"):
            yield ("cohorts", measure, "", getattr(c, measure))
        for row in c.before_after or []:
            for measure in BEFORE_AFTER_MEASURES:
                yield ("cohorts.before_after", measure, row.questionnaire, getattr(row, measure))
    a = report.activities
    if a is not None:
        yield ("activities", "meetings", "", a.meetings)
        yield ("activities", "attendances", "", a.attendances)
        for row in a.by_activity:
            yield ("activities.by_activity", "meetings", row.label, row.meetings)
            yield ("activities.by_activity", "attendances", row.label, row.attendances)


def report_csv(report) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["section", "measure", "group", "value"])
    for section, measure, group, value in report_rows(report):
        writer.writerow([section, measure, group, "" if value is None else value])
    return out.getvalue()


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Cannot put {type(value).__name__} into JSON")


def report_json(report) -> str:
    return json.dumps(report.to_dict(), default=_json_default, indent=2)


def report_html(report) -> str:
    """A standalone printable page (also the source of the PDF)."""
    return render_to_string("evaluation/report_print.html", report_context(report) | {"print": True})


def report_pdf(report, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = report_html(report)
    return HTML(string=html, base_url=base_url).write_pdf()
