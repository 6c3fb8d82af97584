from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.forms import add_service_errors
from warp.outreach import queries, services
from warp.outreach.access import (
    ACTIVITY_KEEPERS,
    LIBRARY_KEEPERS,
    LIBRARY_READERS,
    WORKSHOP_RECORDERS,
    get_activity_for,
    get_handout_for,
    get_held_for,
    get_workshop_for,
    recordable_teams,
    visible_held,
)
from warp.outreach.forms import (
    ActivityForm,
    CommentForm,
    HandoutForm,
    HeldWorkshopForm,
    MeetingForm,
    WorkshopForm,
)
from warp.outreach.models import Workshop

SAFE_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "image/png",
    "image/jpeg",
    "text/plain",
}


@role_required(*WORKSHOP_RECORDERS)
@require_safe
def workshops(request: SignedInRequest) -> HttpResponse:
    """Workshops held on the wards this person may see: by ward and month, then the newest ones."""
    held = visible_held(request.user)
    return render(
        request,
        "outreach/workshops.html",
        {
            "totals": queries.totals(held),
            "months": queries.by_ward_and_month(held),
            "recent": queries.recent(held),
            "recent_limit": queries.RECENT,
            "can_keep_library": request.user.role in LIBRARY_KEEPERS,
        },
    )


@role_required(*WORKSHOP_RECORDERS)
def held_create(request: SignedInRequest) -> HttpResponse:
    teams = recordable_teams(request.user)
    form = HeldWorkshopForm(request.POST or None, teams=teams, initial={"team": request.GET.get("team")})
    if request.method == "POST" and form.is_valid():
        try:
            held = services.held_workshop_record(**form.cleaned_data, recorded_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The workshop on {held.team} is recorded. You can add what people said below."
            )
            return redirect(held)
    return render(request, "outreach/held_form.html", {"form": form, "has_teams": teams.exists()})


@role_required(*WORKSHOP_RECORDERS)
def held_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    held = get_held_for(request.user, pk)
    if request.method == "POST" and "withdraw" in request.POST:
        # Someone no longer wants their comment quoted: it leaves the quote library and every pick at once.
        raw = request.POST["withdraw"]
        comment = held.comments.filter(
            pk=int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        ).first()
        if comment is None:
            raise Http404("That comment is not on this workshop.")
        services.workshop_comment_consent_change(comment=comment, may_quote=False)
        messages.success(request, "Done: it will not be quoted, and it has left the quote library.")
        return redirect(held)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.workshop_comment_add(held=held, **form.cleaned_data)
        messages.success(request, "Thank you: what they said is kept with the workshop.")
        return redirect(held)
    return render(
        request, "outreach/held_detail.html", {"held": held, "comments": held.comments.all(), "form": form}
    )


@role_required(*LIBRARY_READERS)
@require_safe
def library(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "outreach/library.html",
        {"workshops": queries.library(), "can_keep_library": request.user.role in LIBRARY_KEEPERS},
    )


def _workshop_form_view(request: SignedInRequest, workshop: Workshop | None = None) -> HttpResponse:
    initial = None
    if workshop is not None:
        initial = {
            name: getattr(workshop, name)
            for name in ["title", "aims", "minutes", "clinical_co_producers", "peer_co_producers"]
        }
    form = WorkshopForm(request.POST or None, initial=initial or {"minutes": 45})
    if request.method == "POST" and form.is_valid():
        try:
            if workshop is None:
                workshop = services.workshop_create(**form.cleaned_data)
            else:
                workshop = services.workshop_update(workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{workshop.title} is saved in the library.")
            return redirect(workshop)
    return render(request, "outreach/workshop_form.html", {"form": form, "workshop": workshop})


@role_required(*LIBRARY_KEEPERS)
def library_create(request: SignedInRequest) -> HttpResponse:
    return _workshop_form_view(request)


@role_required(*LIBRARY_KEEPERS)
def library_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _workshop_form_view(request, get_workshop_for(request.user, pk))


@role_required(*LIBRARY_READERS)
def library_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A workshop's aims, co-producers and files; those who keep the library add files here."""
    workshop = get_workshop_for(request.user, pk)
    can_keep = request.user.role in LIBRARY_KEEPERS
    if request.method == "POST" and not can_keep:
        return render(request, "403.html", status=403)
    form = HandoutForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.handout_add(
                workshop=workshop,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content_type=upload.content_type or "",
                data=upload.read(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{upload.name} is kept with {workshop.title}.")
            return redirect(workshop)
    handouts = workshop.handouts.defer("data")
    return render(
        request,
        "outreach/library_detail.html",
        {"workshop": workshop, "handouts": handouts, "form": form, "can_keep_library": can_keep},
    )


@role_required(*LIBRARY_READERS)
@require_safe
def handout_download(request: SignedInRequest, pk: int) -> HttpResponse:
    handout = get_handout_for(request.user, pk)
    # Served as what it says it is only for the usual document types; anything else (HTML, SVG, scripts)
    # as plain bytes, so an uploaded file can never run as a page of WaRP's.
    kind = handout.content_type if handout.content_type in SAFE_TYPES else "application/octet-stream"
    response = HttpResponse(bytes(handout.data), content_type=kind)
    safe_name = "".join(c if c.isalnum() or c in "._- " else "_" for c in handout.filename)
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*ACTIVITY_KEEPERS)
@require_safe
def activities(request: SignedInRequest) -> HttpResponse:
    return render(request, "outreach/activities.html", {"activities": queries.activities()})


@role_required(*ACTIVITY_KEEPERS)
def activity_create(request: SignedInRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{activity.name} is added.")
            return redirect(activity)
    return render(request, "outreach/activity_form.html", {"form": form})


@role_required(*ACTIVITY_KEEPERS)
def activity_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """An activity's meetings (headcounts), and a form to record the next one."""
    activity = get_activity_for(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_meeting_record(activity=activity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect(activity)
    return render(
        request,
        "outreach/activity_detail.html",
        {"activity": activity, "meetings": activity.meetings.all(), "form": form},
    )
