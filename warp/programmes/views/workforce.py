from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.programmes import queries
from warp.programmes.access import (
    MANAGERS,
    SUPERVISION_RECORDERS,
    WORKFORCE_READERS,
    get_placement_for,
    get_worker_for,
    visible_placements,
    visible_workers,
)
from warp.programmes.forms import EndDateForm, PeerWorkerForm, PlacementForm, SupervisionForm, TrainingForm
from warp.programmes.services import workforce as services
from warp.programmes.views._common import form_page


@role_required(*WORKFORCE_READERS)
@require_safe
def workforce(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "workforce": queries.workforce(visible_placements(request.user), today=today),
        "workers": visible_workers(request.user).order_by("last_name", "first_name", "pk"),
        "can_manage": request.user.role in MANAGERS,
    }
    return render(request, "programmes/workforce.html", context)


@role_required(*MANAGERS)
def worker_create(request: SignedInRequest) -> HttpResponse:
    form = PeerWorkerForm(request.POST or None)
    made = {}

    def save(data):
        made["worker"] = services.peer_worker_create(**data, by=request.user)

    response = form_page(
        request,
        form,
        title="Add a peer worker",
        back=reverse("programmes:workforce"),
        save=save,
        done="programmes:workforce",
        message="The peer worker is added. Now place them in a team.",
    )
    if "worker" in made:
        response["Location"] = reverse("programmes:placement-create", args=[made["worker"].pk])
    return response


@role_required(*WORKFORCE_READERS)
@require_safe
def worker_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    context = {
        "worker": worker,
        "placements": worker.placements.select_related("team", "role"),
        "trainings": worker.trainings.all(),
        "supervisions": worker.supervisions.all(),
        "can_manage": request.user.role in MANAGERS,
        "can_record_supervision": request.user.role in SUPERVISION_RECORDERS,
    }
    return render(request, "programmes/worker_detail.html", context)


@role_required(*MANAGERS)
def worker_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = PeerWorkerForm(request.POST or None, instance=worker)
    url = reverse("programmes:worker-detail", args=[worker.pk])
    return form_page(
        request,
        form,
        title=f"Change {worker}'s details",
        back=url,
        save=lambda data: services.peer_worker_update(worker=worker, **data, by=request.user),
        done=url,
        message="Their details are saved.",
    )


@role_required(*MANAGERS)
def placement_create(request: SignedInRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = PlacementForm(request.POST or None)
    url = reverse("programmes:worker-detail", args=[worker.pk])
    return form_page(
        request,
        form,
        title=f"Place {worker} in a team",
        back=url,
        save=lambda data: services.placement_create(worker=worker, **data, by=request.user),
        done=url,
        message=f"{worker} is placed in the team.",
        button="Place in the team",
    )


@role_required(*MANAGERS)
def placement_end(request: SignedInRequest, pk: int) -> HttpResponse:
    placement = get_placement_for(request.user, pk)
    form = EndDateForm(request.POST or None)
    url = reverse("programmes:worker-detail", args=[placement.worker_id])
    return form_page(
        request,
        form,
        title=f"End {placement.worker}'s placement in {placement.team}",
        back=url,
        save=lambda data: services.placement_end(placement=placement, **data, by=request.user),
        done=url,
        message="The placement is ended.",
    )


@role_required(*MANAGERS)
def training_create(request: SignedInRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = TrainingForm(request.POST or None)
    url = reverse("programmes:worker-detail", args=[worker.pk])
    return form_page(
        request,
        form,
        title=f"Record training for {worker}",
        back=url,
        save=lambda data: services.training_record(worker=worker, **data, by=request.user),
        done=url,
        message="The training is recorded.",
    )


@role_required(*SUPERVISION_RECORDERS)
def supervision_create(request: SignedInRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = SupervisionForm(request.POST or None)
    url = reverse("programmes:worker-detail", args=[worker.pk])
    return form_page(
        request,
        form,
        title=f"Record a supervision session with {worker}",
        intro="Record only that the session took place and with whom. What was said is not kept here.",
        back=url,
        save=lambda data: services.supervision_record(worker=worker, **data, by=request.user),
        done=url,
        message="The supervision session is recorded.",
    )
