from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.accounts.models import Role
from warp.bookings.queries import sessions_started_today
from warp.core.forms import PeriodForm
from warp.core.kept import kept
from warp.evaluation import exports
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.forms import default_period
from warp.evaluation.queries import (
    EvaluationReport,
    evaluation_report,
    term_report,
    term_report_terms,
    terms_read,
)
from warp.prospectus.models import Term

REPORT_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.PARTNERSHIP_LEAD, Role.COMMISSIONER)
TERM_REPORT_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR)


def _period_form(request: SignedInRequest) -> PeriodForm:
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    start, end = default_period()
    return PeriodForm({"start": start.isoformat(), "end": end.isoformat()})


def _period_key(request: SignedInRequest, form: PeriodForm) -> tuple:
    """What a period's report shows besides its data: the period, whether the reader is a commissioner (their
    copy has small numbers suppressed) and how many of today's sessions have started (attendance counts only
    sessions that have begun)."""
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return (start, end, request.user.role == Role.COMMISSIONER, sessions_started_today())


def _report_for(request: SignedInRequest, form: PeriodForm, key: tuple | None = None) -> EvaluationReport:
    """The report for the form's period as this person may see it: computed once, then kept until its data
    change (warp/core/kept.py), so the page and its CSV, JSON and PDF share one computation."""
    key = key or _period_key(request, form)
    start, end, commissioner, _started = key

    def compute() -> EvaluationReport:
        report = evaluation_report(start=start, end=end)
        return for_commissioners(report) if commissioner else report

    return kept("evaluation-report", key, compute, terms=[terms_read(start=start, end=end)])


def _body(name: str, parts: tuple, report: Callable[[], EvaluationReport], *, terms: list) -> str:
    """The report's body as HTML (its tables and charts), kept beside the report it shows."""
    return kept(
        name,
        parts,
        lambda: render_to_string("evaluation/_report_body.html", exports.report_context(report())),
        terms=terms,
    )


def _download(request: SignedInRequest, report: EvaluationReport, fmt: str, filename: str) -> HttpResponse:
    """The one report as CSV, JSON or PDF."""
    if fmt == "csv":
        response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        return HttpResponse(exports.report_json(report), content_type="application/json")
    else:
        pdf = exports.report_pdf(report, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _bad_period(form: PeriodForm) -> HttpResponse:
    problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return HttpResponse(f"Please check the period: {problems}", status=400, content_type="text/plain")


def _period_filename(report: EvaluationReport) -> str:
    return f"evaluation-{report.period.start.isoformat()}-to-{report.period.end.isoformat()}"


@role_required(*REPORT_ROLES)
@require_safe
def report(request: SignedInRequest) -> HttpResponse:
    """The evaluation report as a page. Commissioners see small numbers suppressed."""
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "evaluation/report.html", {"form": form})
    key = _period_key(request, form)
    start, end = key[:2]
    body = _body(
        "evaluation-report-body",
        key,
        lambda: _report_for(request, form, key),
        terms=[terms_read(start=start, end=end)],
    )
    query = f"start={start.isoformat()}&end={end.isoformat()}"
    return render(request, "evaluation/report.html", {"form": form, "query": query, "body": body})


def _period_download(fmt: str) -> Callable[..., HttpResponse]:
    @role_required(*REPORT_ROLES)
    @require_safe
    def view(request: SignedInRequest) -> HttpResponse:
        form = _period_form(request)
        if not form.is_valid():
            return _bad_period(form)
        result = _report_for(request, form)
        return _download(request, result, fmt, _period_filename(result))

    view.__name__ = f"report_{fmt}"
    return view


report_csv = _period_download("csv")
report_json = _period_download("json")
report_pdf = _period_download("pdf")


def _term_report(chosen: Term) -> EvaluationReport:
    return kept(
        "term-report",
        (chosen.pk, sessions_started_today()),
        lambda: term_report(chosen),
        terms=term_report_terms(chosen),
    )


@role_required(*TERM_REPORT_ROLES)
@require_safe
def term_list(request: SignedInRequest) -> HttpResponse:
    """Terms to choose a term report from, newest first."""
    return render(request, "evaluation/term_list.html", {"terms": Term.objects.order_by("-starts_on")})


@role_required(*TERM_REPORT_ROLES)
@require_safe
def term(request: SignedInRequest, pk: int) -> HttpResponse:
    """One term's report with per-run detail, for managers (exact numbers)."""
    chosen = get_object_or_404(Term, pk=pk)
    body = _body(
        "term-report-body",
        (pk, sessions_started_today()),
        lambda: _term_report(chosen),
        terms=term_report_terms(chosen),
    )
    return render(request, "evaluation/term_report.html", {"term": chosen, "term_pk": pk, "body": body})


def _term_download(fmt: str) -> Callable[..., HttpResponse]:
    @role_required(*TERM_REPORT_ROLES)
    @require_safe
    def view(request: SignedInRequest, pk: int) -> HttpResponse:
        chosen = get_object_or_404(Term, pk=pk)
        return _download(request, _term_report(chosen), fmt, f"term-report-{chosen.starts_on.isoformat()}")

    view.__name__ = f"term_{fmt}"
    return view


term_csv = _term_download("csv")
term_json = _term_download("json")
term_pdf = _term_download("pdf")
