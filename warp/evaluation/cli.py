"""`warp report evaluation` and `warp report service-use`: the same report object as the page, written to a
file or standard output."""

from datetime import date
from types import ModuleType

from django.conf import settings

from warp.core.exports import write_out
from warp.evaluation import exports, service_use
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.queries import EvaluationReport, evaluation_report
from warp.service_use.queries import service_use_report


def _write(report, formats: ModuleType, *, fmt: str, output: str | None) -> int:
    """Render the report with `formats` (a module with report_csv, report_json, report_html, report_pdf)."""
    if fmt == "pdf":
        if not output:
            print("A PDF needs a file to go to: add --output report.pdf")
            return 2
        return write_out(formats.report_pdf(report, base_url=str(settings.BASE_DIR)), output)
    writers = {"csv": formats.report_csv, "json": formats.report_json, "html": formats.report_html}
    text = writers[fmt](report)
    return write_out(text, output)


def report_for(*, start: date, end: date, suppress: bool) -> EvaluationReport:
    """The period's report as `warp report evaluation` writes it (and the API serves it): suppressed for
    commissioners with `suppress`."""
    report = evaluation_report(start=start, end=end)
    return for_commissioners(report) if suppress else report


def write_report(*, start: date, end: date, fmt: str, output: str | None, suppress: bool) -> int:
    return _write(report_for(start=start, end=end, suppress=suppress), exports, fmt=fmt, output=output)


def write_service_use_report(*, start: date, end: date, fmt: str, output: str | None, suppress: bool) -> int:
    report = service_use_report(start=start, end=end)
    if suppress:
        report = service_use.for_commissioners(report)
    return _write(report, service_use, fmt=fmt, output=output)
