"""Who may use the network's pages, and the one record a page names (a trusted centre, for coordinators).

- network coordinators: the hub's trusted centres, imports and the network report with every centre named;
- centre managers (and administrators) of a member centre: the network report with their own centre named
  and the others unnamed, their centre's export and its fidelity self-assessment.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404

from warp.accounts.models import Role, User
from warp.network.models import TrustedCentre

COORDINATORS = (Role.NETWORK_COORDINATOR,)
CENTRE_MANAGERS = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR)
REPORT_READERS = (*COORDINATORS, *CENTRE_MANAGERS)


def own_centre_code() -> str:
    """This installation's code in the network: WARP_NETWORK_CENTRE_CODE, or else the trusted centre whose
    key is this centre's own (a hub that is itself a member recognises itself by its key). Never makes a key."""
    if settings.WARP_NETWORK_CENTRE_CODE:
        return settings.WARP_NETWORK_CENTRE_CODE
    from warp.network import keys

    if not keys.key_path().exists():
        return ""
    try:
        public = keys.centre_public_key()
    except keys.KeyProblem:
        return ""
    return (
        TrustedCentre.objects.active().filter(public_key=public).values_list("code", flat=True).first() or ""
    )


def sees_every_name(user: User) -> bool:
    return user.role in COORDINATORS


def is_member_centre() -> bool:
    """Whether this installation's own centre is among the centres this hub trusts."""
    code = own_centre_code()
    return bool(code) and TrustedCentre.objects.active().filter(code=code).exists()


def get_trusted_centre_for(user: User, pk: int) -> TrustedCentre:
    """Coordinators hold the hub's list; everyone else is refused by the view's role check before this."""
    if user.role not in COORDINATORS:
        raise Http404
    return get_object_or_404(TrustedCentre, pk=pk)
