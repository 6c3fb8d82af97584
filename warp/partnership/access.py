"""Who may do what with report editions.

The partnership lead (and administrators) write and publish editions: the report is the partnership's,
and the lead keeps the impact log, the strategy and the teams' work it draws on. Centre managers read every
edition (drafts too) in every version. Commissioners see published editions only, and only their
commissioners' version (small numbers withheld). Nobody else sees editions.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from warp.accounts.models import Role, User
from warp.partnership.document import VERSIONS, Version
from warp.partnership.models import Edition, EditionStatus

EDITORS = (Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)
STAFF_READERS = (*EDITORS, Role.CENTRE_MANAGER)
READERS = (*STAFF_READERS, Role.COMMISSIONER)
ALL_VERSIONS: tuple[Version, ...] = ("full", "commissioner", "public")
assert ALL_VERSIONS == VERSIONS  # noqa: S101 - the same three, typed as versions


def editions_for(user: User):
    editions = Edition.objects.order_by("-end", "-pk")
    if user.role == Role.COMMISSIONER:
        editions = editions.filter(status=EditionStatus.PUBLISHED)
    return editions


def get_edition_for(user: User, pk: int) -> Edition:
    """An edition this person may see (404 otherwise: a commissioner never learns a draft exists)."""
    return get_object_or_404(editions_for(user), pk=pk)


def versions_for(user: User) -> tuple[Version, ...]:
    return ("commissioner",) if user.role == Role.COMMISSIONER else ALL_VERSIONS


def version_for(user: User, asked: str | None) -> Version:
    """The version asked for if this person may see it; their first otherwise."""
    allowed = versions_for(user)
    if asked in allowed:
        return asked  # type: ignore[return-value]
    if asked and asked not in VERSIONS:
        raise Http404("No such version")
    return allowed[0]
