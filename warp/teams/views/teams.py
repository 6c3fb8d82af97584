from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.forms import add_service_errors
from warp.teams import queries, services
from warp.teams.access import ALL_TEAMS_MANAGERS, SUMMARY_READERS, TEAM_READERS, get_team_for, visible_teams
from warp.teams.forms import TeamForm
from warp.teams.models import Team
from warp.teams.views._common import can_edit


@role_required(*TEAM_READERS)
@require_safe
def team_list(request: SignedInRequest) -> HttpResponse:
    teams = queries.teams_with_review_dates(visible_teams(request.user)).only(
        "name", "kind", "locality", "is_imported"
    )
    return render(
        request,
        "teams/team_list.html",
        {
            "teams": teams.prefetch_related(queries.lead_names_prefetch()),
            "today": timezone.localdate(),
            "can_create": request.user.role in ALL_TEAMS_MANAGERS,
        },
    )


def _team_form_view(request: SignedInRequest, team: Team | None = None) -> HttpResponse:
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in ["name", "kind", "locality", "directorate", "leads"]
        }
        try:
            if team is None:
                team = services.team_create(**data)
            else:
                team = services.team_update(team=team, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{team.name} is saved.")
            return redirect(team)
    return render(request, "teams/team_form.html", {"form": form, "team": team})


@role_required(*ALL_TEAMS_MANAGERS)
def team_create(request: SignedInRequest) -> HttpResponse:
    return _team_form_view(request)


@role_required(*ALL_TEAMS_MANAGERS)
def team_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _team_form_view(request, get_team_for(request.user, pk))


@role_required(*TEAM_READERS)
@require_safe
def team_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.user, pk)
    rounds = list(team.trip_rounds.order_by("-held_on", "-pk"))
    latest = queries.round_results(rounds[0]) if rounds else None
    care_assessments = list(team.care_assessments.all())
    today = timezone.localdate()
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "leads": list(team.leads.all()),
            "rounds": rounds,
            "latest": latest,
            "work_items": list(team.work_items.all()),
            "care_assessments": care_assessments,
            "this_years_care": next(
                (a for a in care_assessments if a.year == today.year and not a.is_audit), None
            ),
            "can_edit": can_edit(request.user),
            "can_manage": request.user.role in ALL_TEAMS_MANAGERS,
            "today": today,
        },
    )


@role_required(*TEAM_READERS)
@require_safe
def reviews_due(request: SignedInRequest) -> HttpResponse:
    due = queries.reviews_due(visible_teams(request.user), today=timezone.localdate())
    return render(
        request,
        "teams/reviews_due.html",
        {
            "overdue": due.overdue,
            "due_soon": due.due_soon,
            "not_started": due.not_started,
            "soon_days": queries.DUE_SOON_DAYS,
        },
    )


@role_required(*SUMMARY_READERS)
@require_safe
def summaries(request: SignedInRequest) -> HttpResponse:
    summary = queries.team_summary(today=timezone.localdate())
    return render(request, "teams/summaries.html", {"summary": summary, "small_number": queries.SMALL_NUMBER})
