from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.lists import short_date, urls_by_pk
from warp.teams import queries, services
from warp.teams.access import ALL_TEAMS_MANAGERS, SUMMARY_READERS, TEAM_READERS, get_team_for, visible_teams
from warp.teams.forms import TeamForm
from warp.teams.models import Team, TeamKind
from warp.teams.views._common import add_errors, can_edit


@role_required(*TEAM_READERS)
@require_safe
def team_list(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    teams = list(
        queries.teams_with_review_dates(visible_teams(request.user)).only("name", "kind", "locality")
    )
    leads = queries.team_lead_names([team.pk for team in teams])
    urls = urls_by_pk("teams:team-detail", [team.pk for team in teams])
    kinds = {value: escape(str(label)) for value, label in TeamKind.choices}
    rows = "\n".join(
        TEAM_ROW.format(
            url=urls[team.pk],
            name=escape(team.name),
            kind=kinds.get(team.kind, escape(team.kind)),
            locality=escape(team.locality) or "–",
            leads=escape(", ".join(leads[team.pk])) or "–",
            rounds=team.rounds_count,
            review=(
                short_date(team.next_review_on) + (OVERDUE if team.next_review_on < today else "")
                if team.next_review_on
                else "No round yet"
            ),
        )
        for team in teams
    )
    return render(
        request,
        "teams/team_list.html",
        {
            "teams": mark_safe(rows),  # noqa: S308 - every text escaped above; the rest digits and dates
            "can_create": request.user.role in ALL_TEAMS_MANAGERS,
        },
    )


# The teams list's rows, written once in Python (~200 teams through the template's lookups, filters and
# {% with %} were most of the page's time). Names, kinds, localities and leads are escaped.
TEAM_ROW = """    <tr>
      <th scope="row"><a href="{url}">{name}</a></th>
      <td>{kind}</td>
      <td>{locality}</td>
      <td>{leads}</td>
      <td>{rounds}</td>
      <td>{review}</td>
    </tr>"""
OVERDUE = ' <strong class="warp-tag">overdue</strong>'


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
            add_errors(form, error)
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
            "this_years_care": next((a for a in care_assessments if a.year == today.year), None),
            "can_edit": can_edit(request.user),
            "can_manage": request.user.role in ALL_TEAMS_MANAGERS,
            "today": today,
        },
    )


@role_required(*TEAM_READERS)
@require_safe
def reviews_due(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    due = queries.reviews_due(visible_teams(request.user), today=today)
    urls = urls_by_pk(
        "teams:team-detail", [team.pk for team in [*due.overdue, *due.due_soon, *due.not_started]]
    )
    return render(
        request,
        "teams/reviews_due.html",
        {
            "overdue": _due_rows_html(DUE_ROW, due.overdue, urls),
            "due_soon": _due_rows_html(DUE_ROW, due.due_soon, urls),
            "not_started": _due_rows_html(NOT_STARTED_ITEM, due.not_started, urls, between=""),
            "soon_days": queries.DUE_SOON_DAYS,
        },
    )


DUE_ROW = """    <tr><th scope="row"><a href="{url}">{name}</a></th>
    <td>{latest}</td><td>{next}</td></tr>"""
NOT_STARTED_ITEM = '<li><a href="{url}">{name}</a></li>'


def _due_rows_html(
    row: str, teams: list[queries.DueTeam], urls: dict[int, str], *, between: str = "\n"
) -> SafeString:
    """The rows of one list of the reviews-due page, written once in Python (~150 teams through a template
    loop and an include were most of the page's time); "" when there are none. Names are escaped; URLs
    are built from pks and dates from short_date."""
    return mark_safe(  # noqa: S308 - every name escaped, the rest digits and month names
        between.join(
            row.format(
                url=urls[team.pk],
                name=escape(team.name),
                latest=short_date(team.latest_round_on),
                next=short_date(team.next_review_on),
            )
            for team in teams
        )
    )


@role_required(*SUMMARY_READERS)
@require_safe
def summaries(request: SignedInRequest) -> HttpResponse:
    summary = queries.team_summary(today=timezone.localdate())
    return render(request, "teams/summaries.html", {"summary": summary, "small_number": queries.SMALL_NUMBER})
