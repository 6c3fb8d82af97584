"""Helpers that build teams' data through the real services."""

from datetime import date
from itertools import count

from warp.accounts.models import Role, User
from warp.teams import services
from warp.teams.models import CareStandard, Perspective, TeamKind, TripCriterion
from warp.teams.services import CareRatingInput

_numbers = count(1)


def make_lead(name: str = "Other") -> User:
    n = next(_numbers)
    return User.objects.create_user(
        f"{name.lower()}.lead{n}@example.org", "x-long-password", role=Role.TEAM_LEAD
    )


def make_team(*, name: str | None = None, leads=(), kind: str = TeamKind.INPATIENT_WARD):
    return services.team_create(
        name=name or f"Team {next(_numbers)}", kind=kind, locality="Poole", leads=leads
    )


def criteria() -> list[TripCriterion]:
    return list(TripCriterion.objects.order_by("number"))


def scores(values) -> dict[int, int]:
    """Scores for the ten criteria in order: a list of ten numbers, or one number for all."""
    values = [values] * 10 if isinstance(values, int) else values
    return {c.pk: v for c, v in zip(criteria(), values, strict=True)}


def make_round(team, *, held_on=date(2026, 1, 15), responses=(), created_by=None):
    """A round with responses given as (perspective, scores) pairs."""
    trip_round = services.trip_round_create(team=team, held_on=held_on, created_by=created_by)
    for perspective, values in responses:
        services.trip_response_record(round=trip_round, perspective=perspective, scores=scores(values))
    return trip_round


def care_ratings(level: str = "partly") -> dict[int, CareRatingInput]:
    return {s.pk: CareRatingInput(rating=level) for s in CareStandard.objects.all()}


PERSON, CARER, STAFF = Perspective.PERSON, Perspective.CARER, Perspective.STAFF
