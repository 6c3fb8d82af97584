"""`warp report partnership`: an edition (or a quick draft of every section) as a page, PDF or Word file.

The PDF and Word documents come from `warp.partnership.render.render_pdf` / `render_docx`; the page is the
report's body in a plain standalone HTML page (`partnership/report_standalone.html`).
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from warp.core.exports import write_out
from warp.partnership import render
from warp.partnership.document import Report, Version
from warp.partnership.models import Edition
from warp.partnership.report import edition_report
from warp.partnership.sections import draft_report

BINARY = ("pdf", "docx")


def report_html(report: Report) -> str:
    """The report as a whole HTML page (the same body as the edition's page)."""
    return render_to_string(
        "partnership/report_standalone.html", {"report": report, "body": render.render_html(report)}
    )


def write_report(
    *,
    edition_id: int | None,
    start: date | None,
    end: date | None,
    fmt: str,
    output: str | None,
    version: Version,
) -> int:
    if edition_id is not None:
        edition = Edition.objects.filter(pk=edition_id).first()
        if edition is None:
            print(
                f"There is no report edition {edition_id}. The editions are listed on the Partnership report page."
            )
            return 2
        report = edition_report(edition, version=version)
    else:
        assert start is not None and end is not None  # noqa: S101 - the command checks the period first
        report = draft_report(start=start, end=end, version=version)
    if fmt in BINARY:
        if not output:
            print(f"A {fmt.upper()} file needs somewhere to go: add --output report.{fmt}")
            return 2
        if fmt == "pdf":
            data = render.render_pdf(report, base_url=str(settings.BASE_DIR))
        else:
            data = render.render_docx(report)
        return write_out(data, output)
    return write_out(report_html(report), output)
