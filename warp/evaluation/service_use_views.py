"""The service-use report's page and downloads: exact for managers, suppressed for commissioners."""

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.accounts.models import Role
from warp.core.forms import PeriodForm
from warp.evaluation import service_use as exports
from warp.evaluation.views import _bad_period, _period_form
from warp.service_use.queries import ServiceUseReport, service_use_report

SERVICE_USE_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.COMMISSIONER)


def _report_for(request: SignedInRequest, form: PeriodForm) -> ServiceUseReport:
    report = service_use_report(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return exports.for_commissioners(report) if request.user.role == Role.COMMISSIONER else report


@role_required(*SERVICE_USE_ROLES)
@require_safe
def service_use(request: SignedInRequest) -> HttpResponse:
    """The report as a page for a period (the last year unless one is chosen)."""
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "evaluation/service_use.html", {"form": form})
    report = _report_for(request, form)
    query = f"start={report.start.isoformat()}&end={report.end.isoformat()}"
    return render(
        request,
        "evaluation/service_use.html",
        {"form": form, "query": query, "body": exports.report_body(report)},
    )


def _download(fmt: str) -> Callable[..., HttpResponse]:
    @role_required(*SERVICE_USE_ROLES)
    @require_safe
    def view(request: SignedInRequest) -> HttpResponse:
        form = _period_form(request)
        if not form.is_valid():
            return _bad_period(form)
        report = _report_for(request, form)
        filename = f"service-use-{report.start.isoformat()}-to-{report.end.isoformat()}.{fmt}"
        if fmt == "json":
            return HttpResponse(exports.report_json(report), content_type="application/json")
        if fmt == "csv":
            response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
        else:
            pdf = exports.report_pdf(report, base_url=request.build_absolute_uri("/"))
            response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    view.__name__ = f"service_use_{fmt}"
    return view


service_use_csv = _download("csv")
service_use_json = _download("json")
service_use_pdf = _download("pdf")
