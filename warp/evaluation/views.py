from django.http import HttpResponse
from django.shortcuts import render

from warp.accounts.access import role_required
from warp.accounts.models import Role
from warp.evaluation import exports
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.forms import PeriodForm, default_period
from warp.evaluation.queries import evaluation_report

REPORT_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.PARTNERSHIP_LEAD, Role.COMMISSIONER)


def _period_form(request) -> PeriodForm:
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    start, end = default_period()
    return PeriodForm({"start": start.isoformat(), "end": end.isoformat()})


def _report_for(request, form: PeriodForm):
    report = evaluation_report(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    if request.user.role == Role.COMMISSIONER:
        report = for_commissioners(report)
    return report


def _context(report, form) -> dict:
    query = f"start={report.period.start.isoformat()}&end={report.period.end.isoformat()}"
    return exports.report_context(report) | {"form": form, "query": query}


def _bad_period(form: PeriodForm) -> HttpResponse:
    problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return HttpResponse(f"Please check the period: {problems}", status=400, content_type="text/plain")


@role_required(*REPORT_ROLES)
def report(request):
    """The evaluation report as a page. Commissioners see small numbers suppressed."""
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "evaluation/report.html", {"form": form, "report": None})
    return render(request, "evaluation/report.html", _context(_report_for(request, form), form))


@role_required(*REPORT_ROLES)
def report_csv(request):
    form = _period_form(request)
    if not form.is_valid():
        return _bad_period(form)
    report = _report_for(request, form)
    response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report)}.csv"'
    return response


@role_required(*REPORT_ROLES)
def report_json(request):
    form = _period_form(request)
    if not form.is_valid():
        return _bad_period(form)
    return HttpResponse(exports.report_json(_report_for(request, form)), content_type="application/json")


@role_required(*REPORT_ROLES)
def report_pdf(request):
    form = _period_form(request)
    if not form.is_valid():
        return _bad_period(form)
    report = _report_for(request, form)
    pdf = exports.report_pdf(report, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report)}.pdf"'
    return response


def _filename(report) -> str:
    return f"evaluation-{report.period.start.isoformat()}-to-{report.period.end.isoformat()}"
