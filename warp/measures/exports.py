"""The one outcomes report rendered as CSV rows, JSON, a printable page and a PDF. Nothing here computes a
number: every figure comes from measures/queries.py's OutcomesReport (commissioners' copies from
measures/disclosure.py)."""

import io
import json
from collections.abc import Iterator

from django.conf import settings
from django.template.loader import render_to_string

from warp.core.csvsafe import csv_writer
from warp.core.disclosure import DisclosureRule
from warp.measures import disclosure
from warp.measures.charts import pairs_chart_svg
from warp.measures.queries import OutcomesReport

FIGURES = (
    "pairs",
    "baseline_mean",
    "follow_up_mean",
    "mean_change",
    "effect_size",
    "reliably_improved",
    "reliably_deteriorated",
    "no_reliable_change",
    "crossed_clinical_cutoff",
)


def report_context(report: OutcomesReport) -> dict:
    """What the page, the printable page and the PDF need: the report, its chart and its notes."""
    chart = ""
    if report.points:
        chart = pairs_chart_svg(
            report.points,
            title=f"{report.instrument_name}: each student's baseline and follow-up scores",
            cutoff=report.clinical_cutoff,
        )
    return {
        "report": report,
        "chart": chart,
        "centre_name": settings.CENTRE_NAME,
        "suppression_note": disclosure.note(DisclosureRule.from_settings()) if report.suppressed else "",
    }


def report_rows(report: OutcomesReport) -> Iterator[tuple[str, str, str, object]]:
    """Tidy rows (section, measure, group, value): one row for each number in the JSON."""
    data = report.to_dict()
    for key in ("instrument", "start", "end"):
        yield ("period", key, "", data[key])
    for key, value in data.items():
        if key not in ("instrument", "start", "end", "by_course", "by_level"):
            yield ("outcomes", key, "", value)
    for section in ("by_course", "by_level"):
        for row in data[section]:
            for key in FIGURES:
                yield (section, key, row["label"], row[key])


def report_csv(report: OutcomesReport) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["section", "measure", "group", "value"])
    for section, measure, group, value in report_rows(report):
        writer.writerow([section, measure, group, "" if value is None else value])
    return out.getvalue()


def report_json(report: OutcomesReport) -> str:
    return json.dumps(report.to_dict(), indent=2)


def report_html(report: OutcomesReport) -> str:
    """A standalone printable page (also the source of the PDF)."""
    return render_to_string("measures/report_print.html", report_context(report) | {"print": True})


def report_pdf(report: OutcomesReport, *, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(report), base_url=base_url).write_pdf()
