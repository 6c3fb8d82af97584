"""The one network report rendered as CSV, JSON, printable HTML and PDF. Nothing here computes a number."""

import io
import json
from collections.abc import Iterator
from datetime import date

from django.template.loader import render_to_string

from warp.core.csvsafe import csv_writer
from warp.network.charts import fidelity_spread_svg, position_svg
from warp.network.pooling import HEADLINE_RATES, NetworkReport


def report_context(report: NetworkReport, *, own_fidelity: dict[str, int] | None = None) -> dict:
    names = [f"{row.name} (yours)" if row.own else (row.name or row.code) for row in report.per_centre]
    own = [row.own for row in report.per_centre]
    charts = [
        {
            "label": label,
            "svg": position_svg(
                title=f"{label}: each centre against the network",
                names=names,
                values=[getattr(row, key) for row in report.per_centre],
                own=own,
                spread=report.rates_across_centres[key],
            ),
        }
        for key, label in HEADLINE_RATES
    ]
    return {
        "report": report,
        "rate_charts": charts if report.per_centre else [],
        "spreads": [(label, report.rates_across_centres[key]) for key, label in HEADLINE_RATES],
        "fidelity_chart": fidelity_spread_svg(report.fidelity, own=own_fidelity) if report.fidelity else "",
    }


def report_rows(report: NetworkReport) -> Iterator[tuple[str, str, str, object]]:
    """Tidy rows: (section, measure, group, value)."""
    yield ("period", "start", "", report.start.isoformat())
    yield ("period", "end", "", report.end.isoformat())
    yield ("network", "centres", "", report.centres)
    yield ("network", "suppressed_cells", "", report.suppressed_cells)
    s = report.students
    yield ("students", "registered", "", s.registered)
    for name in ("by_identity", "by_gender", "by_age_band"):
        for row in getattr(s, name):
            yield ("students", name, row.label, row.count)
    for measure in ("booked", "started", "completed", "completion_percent"):
        yield ("courses", measure, "", getattr(report.courses, measure))
    for measure in ("responses", "answered", "would_attend_again", "would_attend_again_percent"):
        yield ("feedback", measure, "", getattr(report.feedback, measure))
    for measure in ("centres", "sessions", "attendances", "co_facilitated", "co_facilitated_percent"):
        yield ("workshops", measure, "", getattr(report.workshops, measure))
    for measure in ("centres", "cohorts", "participants", "completed"):
        yield ("cohorts", measure, "", getattr(report.cohorts, measure))
    for outcome in report.outcomes:
        for measure in (
            "centres",
            "pairs",
            "baselines",
            "followed_up_percent",
            "reliably_improved",
            "reliably_deteriorated",
        ):
            yield ("outcomes", measure, outcome.code, getattr(outcome, measure))
    for row in report.per_centre:
        group = row.code or row.name
        for measure in ("students_registered", "completion_percent", "would_attend_again_percent"):
            yield ("per_centre", measure, group, getattr(row, measure))
    for key, spread in report.rates_across_centres.items():
        for measure in ("centres", "median", "lower_quartile", "upper_quartile", "lowest", "highest"):
            yield ("rates_across_centres", measure, key, getattr(spread, measure))
    for component in report.fidelity:
        for measure in ("centres", "median", "lower_quartile", "upper_quartile", "out_of"):
            yield ("fidelity", measure, component.code, getattr(component, measure))


def report_csv(report: NetworkReport) -> str:
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


def report_json(report: NetworkReport) -> str:
    return json.dumps(report.to_dict(), default=_json_default, indent=2)


def report_html(report: NetworkReport, **context) -> str:
    return render_to_string("network/report_print.html", report_context(report, **context) | {"print": True})


def report_pdf(report: NetworkReport, *, base_url: str, **context) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(report, **context), base_url=base_url).write_pdf()
