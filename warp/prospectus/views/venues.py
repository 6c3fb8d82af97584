from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.prospectus import services
from warp.prospectus.forms import VenueForm
from warp.prospectus.models import Venue


@role_required(*MANAGER_ROLES)
@require_safe
def venue_list(request: SignedInRequest) -> HttpResponse:
    return render(request, "prospectus/venue_list.html", {"venues": Venue.objects.all()})


def _venue_edit(request: SignedInRequest, venue: Venue | None) -> HttpResponse:
    form = VenueForm(request.POST or None, instance=venue or Venue())
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in VenueForm.Meta.fields}
        try:
            if venue is None:
                venue = services.venue_create(by=request.user, **fields)
            else:
                services.venue_update(venue=venue, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{venue} is saved.")
            return redirect("prospectus:venue-list")
    return render(request, "prospectus/venue_form.html", {"form": form, "venue": venue})


@role_required(*MANAGER_ROLES)
def venue_create(request: SignedInRequest) -> HttpResponse:
    return _venue_edit(request, None)


@role_required(*MANAGER_ROLES)
def venue_update(request: SignedInRequest, pk: int) -> HttpResponse:
    return _venue_edit(request, get_object_or_404(Venue, pk=pk))
