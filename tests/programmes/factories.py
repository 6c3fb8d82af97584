"""Helpers that build programmes' data through the real services."""

from datetime import date
from itertools import count

from allauth.mfa.totp.internal.auth import TOTP

from tests.personas import PERSONA_TOTP_SECRET
from warp.accounts.models import Role, User
from warp.programmes.models import AwardCategory, PeerRole
from warp.programmes.services import awards, mentoring, network, workforce
from warp.teams.models import Team

_numbers = count(1)


def role(name: str = "Peer specialist") -> PeerRole:
    return PeerRole.objects.get(name=name)


def category(name: str = "Courage") -> AwardCategory:
    return AwardCategory.objects.get(name=name)


def make_worker(
    *, first_name: str = "Ash", last_name: str | None = None, email: str = ""
) -> "workforce.PeerWorker":
    n = next(_numbers)
    return workforce.peer_worker_create(
        first_name=first_name, last_name=last_name or f"Penrose{n}", email=email or f"ash{n}@example.org"
    )


def place(
    worker, team: Team, *, role_name: str = "Peer specialist", started_on=date(2025, 4, 1), ended_on=None
):
    return workforce.placement_create(
        worker=worker, team=team, role=role(role_name), started_on=started_on, ended_on=ended_on
    )


def make_pairing(
    *, started_on=date(2025, 1, 6), ended_on=None, mentor_name="Mo Lind", mentee_name="Dr Ada Vale"
):
    pairing = mentoring.pairing_create(
        mentor=mentoring.mentor_create(name=mentor_name, email=f"mentor{next(_numbers)}@example.org"),
        mentee=mentoring.mentee_create(
            name=mentee_name, email=f"mentee{next(_numbers)}@example.org", role="Psychiatrist"
        ),
        started_on=started_on,
    )
    if ended_on:
        mentoring.pairing_end(pairing=pairing, ended_on=ended_on)
    return pairing


def make_staff(name: str = "Kit", role_: str = Role.ADMISSIONS_TUTOR) -> User:
    """A member of staff with an authenticator app, so `sign_in_fully` signs them in."""
    n = next(_numbers)
    user = User.objects.create_user(
        f"{name.lower()}{n}@example.org",
        "x-long-password",
        first_name=name,
        last_name=f"Staff{n}",
        role=role_,
    )
    TOTP.activate(user, PERSONA_TOTP_SECRET)
    return user


def join(net, user: User, on=date(2026, 1, 5)):
    return network.network_join(network=net, user=user, on=on)


def make_year(year: int = 2026):
    return awards.award_year_create(year=year)


def nominate(
    award_year,
    *,
    nominee="Rowan Hale",
    category_name="Courage",
    nominator_contact="nominator@example.org",
    nominee_contact="rowan@example.org",
):
    return awards.nomination_submit(
        award_year=award_year,
        category=category(category_name),
        nominee_name=nominee,
        nominee_contact=nominee_contact,
        why="Came back to every course, and now helps others do the same.",
        nominator_name="Jules Marr",
        nominator_contact=nominator_contact,
    )
