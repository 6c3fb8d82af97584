from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, public, role_required
from warp.core.forms import add_service_errors
from warp.core.words import count_of
from warp.teams import queries, services
from warp.teams.access import (
    TEAM_EDITORS,
    TEAM_READERS,
    get_action_for,
    get_focus_area_for,
    get_round_for,
    get_team_for,
)
from warp.teams.charts import radar_svg
from warp.teams.forms import FocusAreaForm, LinksForm, PdsaActionForm, ScoresForm, TripRoundForm
from warp.teams.models import RaterLink, TripCriterion, TripRound, TripScoreKey
from warp.teams.views._common import can_edit, pdf_response, svg_data_uri


@role_required(*TEAM_EDITORS)
def round_create(request: SignedInRequest, team_pk: int) -> HttpResponse:
    team = get_team_for(request.user, team_pk)
    form = TripRoundForm(request.POST or None, instance=TripRound(team=team))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        trip_round = services.trip_round_create(
            team=team,
            held_on=data["held_on"],
            next_review_on=data["next_review_on"],
            notes=data["notes"],
            created_by=request.user,
        )
        messages.success(request, "The round is open. Add the paper forms or make rater links.")
        return redirect(trip_round)
    return render(request, "teams/round_form.html", {"form": form, "team": team})


@role_required(*TEAM_EDITORS)
def round_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    trip_round = get_round_for(request.user, pk)
    form = TripRoundForm(request.POST or None, instance=trip_round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.trip_round_update(
            round=trip_round,
            held_on=data["held_on"],
            next_review_on=data["next_review_on"],
            notes=data["notes"],
        )
        messages.success(request, "The round's dates are saved.")
        return redirect(trip_round)
    return render(
        request, "teams/round_form.html", {"form": form, "team": trip_round.team, "round": trip_round}
    )


def _results_and_chart(trip_round: TripRound) -> tuple[Any, Any, str]:
    baseline = queries.baseline_round(trip_round.team)
    rounds = [trip_round] if baseline is None or baseline.pk == trip_round.pk else [trip_round, baseline]
    results = queries.results_for_rounds(rounds)
    current = results[trip_round.pk]
    base = results.get(baseline.pk) if baseline else None
    return current, base, radar_svg(current, base if base and base.round.pk != trip_round.pk else None)


@role_required(*TEAM_READERS)
@require_safe
def round_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    trip_round = get_round_for(request.user, pk)
    results, baseline, chart = _results_and_chart(trip_round)
    return render(
        request,
        "teams/round_detail.html",
        {
            "round": trip_round,
            "team": trip_round.team,
            "results": results,
            "baseline": baseline,
            "chart": chart,
            "focus_areas": list(trip_round.focus_areas.select_related("criterion")),
            "links_open": trip_round.links.filter(used_at__isnull=True).count(),
            "can_edit": can_edit(request.user),
        },
    )


@role_required(*TEAM_READERS)
@require_safe
def round_poster(request: SignedInRequest, pk: int) -> HttpResponse:
    trip_round = get_round_for(request.user, pk)
    latest = trip_round.team.trip_rounds.order_by("-held_on", "-pk").first()
    results, baseline, chart = _results_and_chart(latest or trip_round)
    context = {
        "team": trip_round.team,
        "results": results,
        "chart_uri": svg_data_uri(chart),
        "round": results.round,
    }
    return pdf_response(request, "teams/round_poster.html", context, f"trip-poster-{trip_round.team.pk}.pdf")


@role_required(*TEAM_READERS)
@require_safe
def team_history(request: SignedInRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.user, pk)
    history = queries.team_history(team)
    return render(request, "teams/team_history.html", {"team": team, "history": history})


@role_required(*TEAM_EDITORS)
def response_add(request: SignedInRequest, pk: int) -> HttpResponse:
    """A facilitator types in paper forms, one after another."""
    trip_round = get_round_for(request.user, pk)
    criteria = list(TripCriterion.objects.all())
    form = ScoresForm(request.POST or None, criteria=criteria, grid=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.trip_response_record(
                round=trip_round, perspective=form.cleaned_data["perspective"], scores=form.scores()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = trip_round.responses.count()
            messages.success(
                request,
                f"Form saved: this round now has {count_of(count, 'response')}. Type in the next one.",
            )
            if "finish" in request.POST:
                return redirect(trip_round)
            return redirect("teams:response-add", pk=trip_round.pk)
    return render(
        request, "teams/response_form.html", {"form": form, "round": trip_round, "team": trip_round.team}
    )


@role_required(*TEAM_EDITORS)
def links(request: SignedInRequest, pk: int) -> HttpResponse:
    trip_round = get_round_for(request.user, pk)
    form = LinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.rater_links_create(round=trip_round, count=form.cleaned_data["count"])
        messages.success(request, f"{len(made)} new links are ready. Give each one to one person.")
        return redirect("teams:links", pk=trip_round.pk)
    rows = [
        (link, request.build_absolute_uri(reverse("teams:rate", args=[link.token])))
        for link in trip_round.links.order_by("used_at", "pk")
    ]
    return render(
        request,
        "teams/links.html",
        {"form": form, "round": trip_round, "team": trip_round.team, "rows": rows},
    )


@public
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """A rater's form, opened from a single-use link; needs no account and shows nothing else."""
    link = get_object_or_404(RaterLink.objects.select_related("round__team"), token=token)
    if link.is_used:
        return render(request, "teams/rate_used.html", status=410)
    criteria = list(TripCriterion.objects.all())
    key = list(TripScoreKey.objects.all())
    form = ScoresForm(request.POST or None, criteria=criteria, key=key, grid=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.rater_link_respond(
                token=token, perspective=form.cleaned_data["perspective"], scores=form.scores()
            )
        except services.LinkAlreadyUsed:
            return render(request, "teams/rate_used.html", status=410)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "teams/rate_thanks.html", {"team": link.round.team})
    return render(request, "teams/rate_form.html", {"form": form, "team": link.round.team})


@role_required(*TEAM_EDITORS)
def focus_create(request: SignedInRequest, pk: int) -> HttpResponse:
    trip_round = get_round_for(request.user, pk)
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.focus_area_create(
                round=trip_round, criterion=form.cleaned_data["criterion"], aim=form.cleaned_data["aim"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Focus area added. Now plan the first action.")
            return redirect(area)
    return render(
        request, "teams/focus_form.html", {"form": form, "round": trip_round, "team": trip_round.team}
    )


@role_required(*TEAM_READERS)
@require_safe
def focus_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    area = get_focus_area_for(request.user, pk)
    return render(
        request,
        "teams/focus_detail.html",
        {
            "area": area,
            "team": area.round.team,
            "actions": list(area.actions.all()),
            "can_edit": can_edit(request.user),
        },
    )


_ACTION_FIELDS = ["title", "owner", "due_on", "state", "plan", "do", "study", "act"]


@role_required(*TEAM_EDITORS)
def action_create(request: SignedInRequest, pk: int) -> HttpResponse:
    area = get_focus_area_for(request.user, pk)
    form = PdsaActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pdsa_action_create(focus_area=area, **{n: form.cleaned_data[n] for n in _ACTION_FIELDS})
        messages.success(request, "Action added.")
        return redirect(area)
    return render(request, "teams/action_form.html", {"form": form, "area": area, "team": area.round.team})


@role_required(*TEAM_EDITORS)
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    form = PdsaActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.pdsa_action_update(action=action, **{n: form.cleaned_data[n] for n in _ACTION_FIELDS})
        messages.success(request, "Action saved.")
        return redirect(action.focus_area)
    area = action.focus_area
    return render(
        request,
        "teams/action_form.html",
        {"form": form, "area": area, "team": area.round.team, "action": action},
    )
