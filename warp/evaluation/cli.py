"""`warp report evaluation`: the same report object as the page, written to a file or standard output."""

import sys
from datetime import date
from pathlib import Path

from django.conf import settings

from warp.evaluation import exports
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.queries import EvaluationReport, evaluation_report


def report_for(*, start: date, end: date, suppress: bool) -> EvaluationReport:
    """The period's report as `warp report evaluation` writes it (and the API serves it): suppressed for
    commissioners with `suppress`."""
    report = evaluation_report(start=start, end=end)
    return for_commissioners(report) if suppress else report


def write_report(*, start: date, end: date, fmt: str, output: str | None, suppress: bool) -> int:
    report = report_for(start=start, end=end, suppress=suppress)
    if fmt == "pdf":
        if not output:
            print("A PDF needs a file to go to: add --output report.pdf")
            return 2
        Path(output).write_bytes(exports.report_pdf(report, base_url=str(settings.BASE_DIR)))
        print(f"Wrote {output}")
        return 0
    if fmt == "csv":
        text = exports.report_csv(report)
    elif fmt == "json":
        text = exports.report_json(report)
    else:
        text = exports.report_html(report)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"Wrote {output}")
    else:
        sys.stdout.write(text)
    return 0
