from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.csvsafe import csv_writer
from warp.teams import queries, services
from warp.teams.access import ALL_TEAMS_MANAGERS, PARTNERSHIP_READERS, get_project_for, get_work_item_for
from warp.teams.forms import ProjectForm, WorkItemForm
from warp.teams.views._common import pdf_response

_FIELDS = ["kind", "state", "summary", "started_on", "ended_on", "notes"]


@role_required(*PARTNERSHIP_READERS)
@require_safe
def register(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "teams/register.html",
        {"groups": queries.work_register(), "can_manage": request.user.role in ALL_TEAMS_MANAGERS},
    )


@role_required(*PARTNERSHIP_READERS)
@require_safe
def register_pdf(request: SignedInRequest) -> HttpResponse:
    context = {"groups": queries.work_register(), "today": timezone.localdate()}
    return pdf_response(request, "teams/register_print.html", context, "work-register.pdf")


@role_required(*PARTNERSHIP_READERS)
@require_safe
def register_csv(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="work-register.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv_writer(response)
    writer.writerow(["Kind of service", "Team", "Work", "Summary", "State", "Started", "Ended", "Notes"])
    for group in queries.work_register():
        for project in group.projects:
            writer.writerow(
                [
                    group.kind_label,
                    project.name,
                    f"Partners: {project.partners}" if project.partners else "",
                    project.summary,
                    project.get_state_display(),
                    project.started_on or "",
                    project.ended_on or "",
                    project.notes,
                ]
            )
        for team, items in group.teams:
            for item in items:
                writer.writerow(
                    [
                        group.kind_label,
                        team.name,
                        item.get_kind_display(),
                        item.summary,
                        item.get_state_display(),
                        item.started_on or "",
                        item.ended_on or "",
                        item.notes,
                    ]
                )
            peers = getattr(team, "peer_workers_now", [])
            if peers:
                names = "; ".join(f"{p.worker} ({p.role})" for p in peers)
                writer.writerow(
                    [group.kind_label, team.name, "Peer workers in post", names, "Active", "", "", ""]
                )
    return response


@role_required(*ALL_TEAMS_MANAGERS)
def work_create(request: SignedInRequest) -> HttpResponse:
    form = WorkItemForm(request.POST or None, initial={"team": request.GET.get("team")})
    if request.method == "POST" and form.is_valid():
        services.work_item_create(
            team=form.cleaned_data["team"], **{n: form.cleaned_data[n] for n in _FIELDS}
        )
        messages.success(request, "The work is on the register.")
        return redirect("teams:register")
    return render(request, "teams/work_form.html", {"form": form})


@role_required(*ALL_TEAMS_MANAGERS)
def work_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    item = get_work_item_for(request.user, pk)
    form = WorkItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.work_item_update(
            item=item, team=form.cleaned_data["team"], **{n: form.cleaned_data[n] for n in _FIELDS}
        )
        messages.success(request, "The register entry is saved.")
        return redirect("teams:register")
    return render(request, "teams/work_form.html", {"form": form, "item": item})


_PROJECT_FIELDS = ProjectForm.Meta.fields


@role_required(*ALL_TEAMS_MANAGERS)
def project_create(request: SignedInRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.project_create(**{n: form.cleaned_data[n] for n in _PROJECT_FIELDS})
        messages.success(request, "The project is on the register.")
        return redirect("teams:register")
    return render(request, "teams/project_form.html", {"form": form})


@role_required(*ALL_TEAMS_MANAGERS)
def project_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.project_update(project=project, **{n: form.cleaned_data[n] for n in _PROJECT_FIELDS})
        messages.success(request, "The project is saved.")
        return redirect("teams:register")
    return render(request, "teams/project_form.html", {"form": form, "project": project})
