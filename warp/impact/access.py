"""Who may see the impact log and co-production workshops.

Neither holds anyone's personal record: the log names staff presenters, and workshop comments are
unnamed. The partnership lead and administrators keep them; centre managers read them. Everyone else,
commissioners included, gets 403 (the views' role lists say so).
"""

from django.shortcuts import get_object_or_404

from warp.accounts.models import Role
from warp.impact.models import CoproductionWorkshop, ImpactEntry, WorkshopComment, WorkshopTheme

IMPACT_KEEPERS = (Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)
IMPACT_READERS = (*IMPACT_KEEPERS, Role.CENTRE_MANAGER)


def get_entry(pk: int) -> ImpactEntry:
    return get_object_or_404(ImpactEntry.objects.prefetch_related("people"), pk=pk)


def get_workshop(pk: int) -> CoproductionWorkshop:
    return get_object_or_404(CoproductionWorkshop, pk=pk)


def get_comment(pk: int) -> WorkshopComment:
    return get_object_or_404(WorkshopComment.objects.select_related("workshop", "theme"), pk=pk)


def get_theme(pk: int) -> WorkshopTheme:
    return get_object_or_404(WorkshopTheme, pk=pk)
