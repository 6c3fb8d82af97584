"""The printable prospectus: the same data as the web page, rendered to PDF by WeasyPrint."""

from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from warp.prospectus.models import CourseRun, Term


def term_prospectus_context(term: Term) -> dict:
    """Published runs of the term grouped by theme (courses without a theme last)."""
    by_theme: dict[str, list[CourseRun]] = defaultdict(list)
    runs = CourseRun.objects.for_prospectus(term).order_by("course__theme", "course__title", "pk")
    for run in runs:
        by_theme[run.course.theme or "Other courses"].append(run)
    themes = sorted(by_theme.items(), key=lambda item: (item[0] == "Other courses", item[0]))
    return {
        "term": term,
        "themes": themes,
        "run_count": sum(len(group) for _, group in themes),
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "printed_on": timezone.localdate(),
    }


def term_prospectus_html(term: Term) -> str:
    return render_to_string("prospectus/term_pdf.html", term_prospectus_context(term))


def term_prospectus_pdf(term: Term) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint is slow and only PDFs need it

    return HTML(string=term_prospectus_html(term)).write_pdf()
