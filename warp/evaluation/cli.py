"""`warp report evaluation`: the same report object as the page, written to a file or standard output."""

import sys
from datetime import date
from pathlib import Path

from django.conf import settings

from warp.evaluation import exports
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.queries import evaluation_report


def write_report(*, start: date, end: date, fmt: str, output: str | None, suppress: bool) -> int:
    report = evaluation_report(start=start, end=end)
    if suppress:
        report = for_commissioners(report)
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


def write_service_use_report(*, start: date, end: date, fmt: str, output: str | None, suppress: bool) -> int:
    """`warp report service-use`: the same report object as the page."""
    from warp.evaluation import service_use
    from warp.service_use.queries import service_use_report

    report = service_use_report(start=start, end=end)
    if suppress:
        report = service_use.for_commissioners(report)
    if fmt == "pdf":
        if not output:
            print("A PDF needs a file to go to: add --output report.pdf")
            return 2
        Path(output).write_bytes(service_use.report_pdf(report, base_url=str(settings.BASE_DIR)))
        print(f"Wrote {output}")
        return 0
    writers = {
        "csv": service_use.report_csv,
        "json": service_use.report_json,
        "html": service_use.report_html,
    }
    text = writers[fmt](report)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"Wrote {output}")
    else:
        sys.stdout.write(text)
    return 0
