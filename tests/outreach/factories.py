"""Helpers that build workshops and activities through the real services."""

from datetime import date
from itertools import count

from warp.outreach import services
from warp.outreach.models import ActivityKind, HeldWorkshop, Workshop

_numbers = count(1)


def make_workshop(title: str | None = None, *, minutes: int = 45, **fields) -> Workshop:
    return services.workshop_create(title=title or f"Workshop {next(_numbers)}", minutes=minutes, **fields)


def hold(
    team,
    *,
    workshop: Workshop | None = None,
    held_on: date = date(2026, 3, 10),
    minutes: int = 45,
    attendees: int = 6,
    peer: int = 1,
    clinical: int = 1,
    recorded_by=None,
) -> HeldWorkshop:
    return services.held_workshop_record(
        team=team,
        workshop=workshop or make_workshop(),
        held_on=held_on,
        minutes=minutes,
        attendees=attendees,
        peer_facilitators=peer,
        clinical_facilitators=clinical,
        recorded_by=recorded_by,
    )


def make_activity(name: str | None = None, kind: str = ActivityKind.PEER_SUPPORT_GROUP):
    return services.activity_create(name=name or f"Group {next(_numbers)}", kind=kind)
