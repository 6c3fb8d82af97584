from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.forms import PeriodForm, add_service_errors
from warp.evaluation.forms import default_period
from warp.network import access, bundle, exports, keys, queries, services
from warp.network.charts import ratings_over_time_svg
from warp.network.forms import BundleUploadForm, ExportForm, RatingForm, TrustForm
from warp.network.models import FidelityComponent, NetworkBundle, TrustedCentre
from warp.network.pooling import NetworkReport, for_member, network_report


def _periods() -> list[dict]:
    """Periods the hub holds bundles for, newest first, with how many centres sent one (one query)."""
    return list(
        NetworkBundle.objects.filter(centre__withdrawn_at__isnull=True)
        .values("start", "end")
        .annotate(centres=Count("pk"))
        .order_by("-end", "-start")[:12]
    )


def _period_form(request: SignedInRequest, periods: list[dict]) -> PeriodForm:
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    start, end = (periods[0]["start"], periods[0]["end"]) if periods else default_period()
    return PeriodForm({"start": start.isoformat(), "end": end.isoformat()})


def _report_for(request: SignedInRequest, start: date, end: date) -> NetworkReport:
    """The report as this person may see it: every centre named for a coordinator, only their own for a
    member centre's manager."""
    report = network_report(start=start, end=end)
    if access.sees_every_name(request.user):
        return report
    return for_member(report, access.own_centre_code())


def _own_fidelity(request: SignedInRequest) -> dict[str, int] | None:
    if access.sees_every_name(request.user):
        return None
    return {r.code: r.level for r in queries.latest_fidelity() if r.level is not None}


@role_required(*access.REPORT_READERS)
@require_safe
def report(request: SignedInRequest) -> HttpResponse:
    """The network report for one period: pooled figures, each centre against the spread, fidelity."""
    member = access.sees_every_name(request.user) or access.is_member_centre()
    periods = _periods() if member else []
    form = _period_form(request, periods)
    context: dict = {"form": form, "periods": periods, "member": member}
    if member and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        shown = _report_for(request, start, end)
        context["query"] = f"start={start.isoformat()}&end={end.isoformat()}"
        context["body"] = render_to_string(
            "network/_report_body.html", exports.report_context(shown, own_fidelity=_own_fidelity(request))
        )
    return render(request, "network/report.html", context)


def _download(fmt: str) -> Callable[..., HttpResponse]:
    @role_required(*access.REPORT_READERS)
    @require_safe
    def view(request: SignedInRequest) -> HttpResponse:
        if not (access.sees_every_name(request.user) or access.is_member_centre()):
            return HttpResponse(
                "Your centre is not a member of a network on this WaRP.",
                status=404,
                content_type="text/plain",
            )
        form = _period_form(request, _periods())
        if not form.is_valid():
            problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            return HttpResponse(f"Please check the period: {problems}", status=400, content_type="text/plain")
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        shown = _report_for(request, start, end)
        if fmt == "csv":
            response = HttpResponse(exports.report_csv(shown), content_type="text/csv; charset=utf-8")
        elif fmt == "json":
            return HttpResponse(exports.report_json(shown), content_type="application/json")
        else:
            pdf = exports.report_pdf(
                shown, base_url=request.build_absolute_uri("/"), own_fidelity=_own_fidelity(request)
            )
            response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="network-{start}-to-{end}.{fmt}"'
        return response

    view.__name__ = f"report_{fmt}"
    return view


report_csv = _download("csv")
report_json = _download("json")
report_pdf = _download("pdf")


@role_required(*access.CENTRE_MANAGERS)
def export(request: SignedInRequest) -> HttpResponse:
    """Preview every figure the centre would send; only the second button writes the signed file (it is
    downloaded, never kept here)."""
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end, code = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["centre"]
        if request.POST.get("action") == "download":
            document = bundle.bundle_build(start=start, end=end, code=code)
            response = HttpResponse(bundle.bundle_text(document), content_type="application/json")
            response["Content-Disposition"] = f'attachment; filename="{code}-{start}-to-{end}.json"'
            return response
        figures, rates, fidelity = bundle.bundle_figures(start=start, end=end)
        return render(
            request,
            "network/export.html",
            {
                "form": form,
                "preview": True,
                "figures": figures,
                "rates": rates,
                "fidelity": fidelity,
                "public_key": keys.centre_public_key(),
                "start": start,
                "end": end,
                "code": code,
            },
        )
    return render(request, "network/export.html", {"form": form})


@role_required(*access.CENTRE_MANAGERS)
@require_safe
def fidelity(request: SignedInRequest) -> HttpResponse:
    """The framework, the centre's latest rating of each component and its ratings over time."""
    ratings = queries.ratings_over_time()
    components = FidelityComponent.objects.filter(is_active=True).prefetch_related("levels")
    return render(
        request,
        "network/fidelity.html",
        {
            "latest": queries.latest_fidelity(),
            "components": components,
            "chart": ratings_over_time_svg(ratings) if ratings else "",
            "rating_count": len(ratings),
        },
    )


@role_required(*access.CENTRE_MANAGERS)
def fidelity_rate(request: SignedInRequest) -> HttpResponse:
    form = RatingForm(request.POST or None, initial={"rated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_record(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The rating of {form.cleaned_data['component'].name} is saved.")
            return redirect("network:fidelity")
    components = FidelityComponent.objects.filter(is_active=True).prefetch_related("levels")
    return render(request, "network/fidelity_rate.html", {"form": form, "components": components})


@role_required(*access.COORDINATORS)
def trust(request: SignedInRequest) -> HttpResponse:
    """The centres this hub trusts: add one, or replace a centre's key."""
    form = TrustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            centre = services.trust_set(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error("public_key" if "key" in str(error) else "code", error.messages[0])
        else:
            messages.success(request, f"This hub now trusts {centre.code}'s key.")
            return redirect("network:trust")
    centres = TrustedCentre.objects.annotate(bundle_count=Count("bundles")).order_by("code")
    return render(request, "network/trust.html", {"form": form, "centres": centres})


@role_required(*access.COORDINATORS)
@require_POST
def trust_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    centre = access.get_trusted_centre_for(request.user, pk)
    services.trust_withdraw(centre=centre, by=request.user)
    messages.success(request, f"This hub no longer trusts {centre.code}; its figures have left the report.")
    return redirect("network:trust")


@role_required(*access.COORDINATORS)
def bundle_import(request: SignedInRequest) -> HttpResponse:
    form = BundleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.bundle_import(text=form.cleaned_data["bundle"].read(), by=request.user)
        except bundle.BundleRefused as refused:
            form.add_error("bundle", str(refused))
        else:
            words = {
                "added": "is imported",
                "replaced": "replaces the one held",
                "unchanged": "was already here",
            }
            b = result.bundle
            messages.success(
                request,
                f"The bundle from {b.centre.code} for {b.start:%d/%m/%Y} to {b.end:%d/%m/%Y} {words[result.outcome]}.",
            )
            return redirect("network:import")
    return render(request, "network/import.html", {"form": form})
