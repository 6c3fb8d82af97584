"""The service-use report (computed by warp/service_use/queries.py) as commissioners see it, and in its
four formats: the page's body, CSV rows, JSON and PDF. Nothing here computes a figure."""

import io
import json
from copy import deepcopy

from django.conf import settings
from django.template.loader import render_to_string

from warp.core.csvsafe import csv_writer
from warp.evaluation.disclosure import DisclosureRule, note
from warp.service_use.queries import ServiceUseReport

SERVICE_MEASURES = ("unit_cost", "before_per_month", "after_per_month")
COST_MEASURES = ("cost_before_per_month", "cost_after_per_month", "cost_change_per_month")


def for_commissioners(report: ServiceUseReport, rule: DisclosureRule | None = None) -> ServiceUseReport:
    """The same report with small numbers suppressed: the count of people rounded (or *), and every mean
    withheld when 7 or fewer people are behind it. Unit costs are the centre's data, not people's."""
    rule = rule or DisclosureRule.from_settings()
    safe = deepcopy(report)
    people = report.people
    assert isinstance(people, int)  # the staff report's exact count
    safe.people = rule.count(people)
    for row in safe.services:
        row.before_per_month = rule.derived(row.before_per_month, people)
        row.after_per_month = rule.derived(row.after_per_month, people)
    for name in COST_MEASURES:
        setattr(safe, name, rule.derived(getattr(safe, name), people))
    safe.suppressed = True
    safe.notes = [*safe.notes, note(rule)]
    return safe


def report_rows(report: ServiceUseReport):
    """Tidy rows: (section, measure, group, value), one per figure."""
    yield ("period", "start", "", report.start.isoformat())
    yield ("period", "end", "", report.end.isoformat())
    yield ("people", "people", "", report.people)
    for row in report.services:
        for measure in SERVICE_MEASURES:
            yield ("services", measure, row.code, getattr(row, measure))
    for measure in COST_MEASURES:
        yield ("costs", measure, "", getattr(report, measure))
    for text in report.notes:
        yield ("notes", "note", "", text)


def report_csv(report: ServiceUseReport) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["section", "measure", "group", "value"])
    for section, measure, group, value in report_rows(report):
        writer.writerow([section, measure, group, "" if value is None else value])
    return out.getvalue()


def report_json(report: ServiceUseReport) -> str:
    return json.dumps(report.to_dict(), indent=2)


def report_context(report: ServiceUseReport) -> dict:
    return {"report": report, "centre_name": settings.CENTRE_NAME, "service_use": True}


def report_body(report: ServiceUseReport) -> str:
    return render_to_string("evaluation/_service_use_body.html", report_context(report))


def report_html(report: ServiceUseReport) -> str:
    """A standalone printable page (also the source of the PDF)."""
    return render_to_string("evaluation/report_print.html", report_context(report) | {"print": True})


def report_pdf(report: ServiceUseReport, *, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(report), base_url=base_url).write_pdf()
