from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from warp.accounts.access import role_required
from warp.teams import queries, services
from warp.teams.access import ALL_TEAMS_MANAGERS, SUMMARY_READERS, TEAM_READERS, get_team_for, visible_teams
from warp.teams.forms import TeamForm
from warp.teams.views._common import add_errors, can_edit


@role_required(*TEAM_READERS)
def team_list(request):
    teams = queries.teams_with_review_dates(visible_teams(request.user).prefetch_related("leads"))
    return render(
        request,
        "teams/team_list.html",
        {
            "teams": teams,
            "today": timezone.localdate(),
            "can_create": request.user.role in ALL_TEAMS_MANAGERS,
        },
    )


def _team_form_view(request, team=None):
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
            add_errors(form, error)
        else:
            messages.success(request, f"{team.name} is saved.")
            return redirect(team)
    return render(request, "teams/team_form.html", {"form": form, "team": team})


@role_required(*ALL_TEAMS_MANAGERS)
def team_create(request):
    return _team_form_view(request)


@role_required(*ALL_TEAMS_MANAGERS)
def team_edit(request, pk: int):
    return _team_form_view(request, get_team_for(request.user, pk))


@role_required(*TEAM_READERS)
def team_detail(request, pk: int):
    team = get_team_for(request.user, pk)
    rounds = list(team.trip_rounds.order_by("-held_on", "-pk"))
    latest = queries.round_results(rounds[0]) if rounds else None
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "leads": list(team.leads.all()),
            "rounds": rounds,
            "latest": latest,
            "work_items": list(team.work_items.all()),
            "care_assessments": list(team.care_assessments.all()),
            "can_edit": can_edit(request.user),
            "can_manage": request.user.role in ALL_TEAMS_MANAGERS,
            "today": timezone.localdate(),
        },
    )


@role_required(*TEAM_READERS)
def reviews_due(request):
    today = timezone.localdate()
    due = queries.reviews_due(visible_teams(request.user), today=today)
    return render(
        request, "teams/reviews_due.html", {"due": due, "today": today, "soon_days": queries.DUE_SOON_DAYS}
    )


@role_required(*SUMMARY_READERS)
def summaries(request):
    summary = queries.team_summary(today=timezone.localdate())
    return render(request, "teams/summaries.html", {"summary": summary, "small_number": queries.SMALL_NUMBER})
