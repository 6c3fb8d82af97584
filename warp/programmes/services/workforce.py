"""The peer workforce: add people, place them in teams, record training and supervision."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from warp import audit
from warp.accounts.models import User
from warp.programmes.models import PeerRole, PeerWorker, Placement, Supervision, Training
from warp.teams.models import Team


@transaction.atomic
def peer_worker_create(
    *, first_name: str, last_name: str, email: str = "", user: User | None = None, by: User | None = None
) -> PeerWorker:
    worker = PeerWorker(
        first_name=first_name.strip(), last_name=last_name.strip(), email=email.strip(), user=user
    )
    worker.full_clean()
    worker.save()
    audit.record(action="create", obj=worker, user=by)
    return worker


@transaction.atomic
def peer_worker_update(
    *,
    worker: PeerWorker,
    first_name: str,
    last_name: str,
    email: str = "",
    user: User | None = None,
    by: User | None = None,
) -> PeerWorker:
    worker.first_name, worker.last_name, worker.email, worker.user = (
        first_name.strip(),
        last_name.strip(),
        email.strip(),
        user,
    )
    worker.full_clean()
    worker.save()
    audit.record(action="change", obj=worker, user=by)
    return worker


@transaction.atomic
def placement_create(
    *,
    worker: PeerWorker,
    team: Team,
    role: PeerRole,
    started_on: date,
    ended_on: date | None = None,
    by: User | None = None,
) -> Placement:
    """Place a peer worker in a team. A worker holds one post in a team at a time: a second placement in the
    same team that overlaps an open one is refused."""
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the start date."})
    overlapping = Placement.objects.filter(worker=worker, team=team).current(started_on)
    if overlapping.exists():
        raise ValidationError(
            {"team": f"{worker} is already in post in {team} on that date. End that placement first."}
        )
    placement = Placement(worker=worker, team=team, role=role, started_on=started_on, ended_on=ended_on)
    placement.full_clean()
    placement.save()
    audit.record(action="create", obj=placement, user=by, note=f"Placed in {team}")
    return placement


@transaction.atomic
def placement_end(*, placement: Placement, ended_on: date, by: User | None = None) -> Placement:
    if ended_on < placement.started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the day they started."})
    placement.ended_on = ended_on
    placement.full_clean()
    placement.save()
    audit.record(action="change", obj=placement, user=by, note="Placement ended")
    return placement


@transaction.atomic
def training_record(
    *,
    worker: PeerWorker,
    course: str,
    taken_on: date,
    passed: bool,
    accreditation: str = "",
    by: User | None = None,
) -> Training:
    training = Training(
        worker=worker,
        course=course.strip(),
        taken_on=taken_on,
        passed=passed,
        accreditation=accreditation.strip(),
    )
    training.full_clean()
    training.save()
    audit.record(action="create", obj=training, user=by)
    return training


@transaction.atomic
def supervision_record(
    *, worker: PeerWorker, held_on: date, supervisor: str, by: User | None = None
) -> Supervision:
    """That supervision took place, and with whom; never what was said."""
    session = Supervision(worker=worker, held_on=held_on, supervisor=supervisor.strip())
    session.full_clean()
    session.save()
    audit.record(action="create", obj=session, user=by)
    return session
