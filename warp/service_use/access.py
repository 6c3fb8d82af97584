"""Permission-checked getters for services and service-use answers. Views fetch them only through these."""

from django.http import Http404

from warp.accounts.access import MANAGER_ROLES
from warp.service_use.models import Service


def get_service_for(user, pk: int) -> Service:
    """A service to edit: centre managers and administrators only (404 for anyone else, or no such service)."""
    if not user.is_authenticated or user.role not in MANAGER_ROLES:
        raise Http404("No such service")
    found = Service.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such service")
    return found
