"""What people do with workshops and activities: every write in this app goes through one of these."""

from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from warp.accounts.models import User
from warp.outreach.models import (
    MAX_HANDOUT_BYTES,
    Activity,
    ActivityMeeting,
    Handout,
    HeldWorkshop,
    Workshop,
    WorkshopComment,
)
from warp.prospectus.models import Session
from warp.teams.models import Team

M = TypeVar("M", bound=models.Model)

ALREADY_RECORDED = (
    "This workshop is already recorded for that ward or service on that day with those minutes. "
    "Open it from the list to add feedback, or change the date if this was another session."
)


def _save(instance: M) -> M:
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def workshop_create(
    *,
    title: str,
    aims: str = "",
    minutes: int = 45,
    clinical_co_producers: str = "",
    peer_co_producers: str = "",
    is_imported: bool = False,
) -> Workshop:
    return _save(
        Workshop(
            title=title.strip(),
            aims=aims,
            minutes=minutes,
            clinical_co_producers=clinical_co_producers,
            peer_co_producers=peer_co_producers,
            is_imported=is_imported,
        )
    )


@transaction.atomic
def workshop_update(
    *,
    workshop: Workshop,
    title: str,
    aims: str,
    minutes: int,
    clinical_co_producers: str,
    peer_co_producers: str,
) -> Workshop:
    workshop.title, workshop.aims, workshop.minutes = title.strip(), aims, minutes
    workshop.clinical_co_producers, workshop.peer_co_producers = clinical_co_producers, peer_co_producers
    return _save(workshop)


@transaction.atomic
def handout_add(
    *, workshop: Workshop, kind: str, filename: str, content_type: str, data: bytes, by: User | None
) -> Handout:
    if len(data) > MAX_HANDOUT_BYTES:
        raise ValidationError(
            {
                "file": "This file is larger than 5 MB. Save a smaller copy (for example as a PDF) and try again."
            }
        )
    if not data:
        raise ValidationError({"file": "This file is empty. Choose the handout or exercise to keep."})
    return _save(
        Handout(
            workshop=workshop,
            kind=kind,
            filename=filename[-200:],
            content_type=content_type or "application/octet-stream",
            size=len(data),
            data=data,
            uploaded_by=by,
        )
    )


@transaction.atomic
def held_workshop_record(
    *,
    team: Team,
    workshop: Workshop,
    held_on: date,
    minutes: int,
    attendees: int,
    peer_facilitators: int,
    clinical_facilitators: int,
    facilitated_by: str = "",
    recorded_by: User | None = None,
    is_imported: bool = False,
    converted_from: Session | None = None,
) -> HeldWorkshop:
    """Record a workshop held. Refuses more than 45 minutes, and the same date, setting, workshop and
    minutes twice (ALREADY_RECORDED). `converted_from` is the course run session it was (see
    bookings.services.workshop_runs_convert)."""
    held = HeldWorkshop(
        team=team,
        workshop=workshop,
        held_on=held_on,
        minutes=minutes,
        attendees=attendees,
        peer_facilitators=peer_facilitators,
        clinical_facilitators=clinical_facilitators,
        facilitated_by=facilitated_by,
        recorded_by=recorded_by,
        is_imported=is_imported,
        converted_from=converted_from,
    )
    try:
        held.full_clean()
    except ValidationError as error:
        if (
            "__all__" in error.message_dict
            and HeldWorkshop.objects.filter(
                held_on=held_on, team=team, workshop=workshop, minutes=minutes
            ).exists()
        ):
            raise ValidationError({"held_on": ALREADY_RECORDED}) from error
        raise
    held.save()
    return held


@transaction.atomic
def workshop_comment_add(*, held: HeldWorkshop, text: str, may_quote: bool) -> WorkshopComment:
    return _save(WorkshopComment(held=held, text=text.strip(), may_quote=may_quote))


@transaction.atomic
def workshop_comment_consent_change(*, comment: WorkshopComment, may_quote: bool) -> WorkshopComment:
    """Give or withdraw consent to quote a comment. The quote library reads it live, so a withdrawal
    takes the comment out of the library and every picked list at once."""
    comment.may_quote = may_quote
    comment.save(update_fields=["may_quote"])
    return comment


@transaction.atomic
def activity_create(*, name: str, kind: str, description: str = "") -> Activity:
    return _save(Activity(name=name.strip(), kind=kind, description=description))


@transaction.atomic
def activity_meeting_record(
    *, activity: Activity, met_on: date, attendees: int, facilitators: int, facilitated_by: str = ""
) -> ActivityMeeting:
    meeting = ActivityMeeting(
        activity=activity,
        met_on=met_on,
        attendees=attendees,
        facilitators=facilitators,
        facilitated_by=facilitated_by,
    )
    try:
        meeting.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:
            raise ValidationError(
                {"met_on": "A meeting of this group on that day is already recorded. Check the date."}
            ) from error
        raise
    meeting.save()
    return meeting


@transaction.atomic
def held_workshop_link_to_session(*, held: HeldWorkshop, session: Session) -> HeldWorkshop:
    """Note that a workshop already recorded (by hand or by an import) was also kept as this course run
    session, so the session is counted once, as the workshop."""
    held.converted_from = session
    held.full_clean()
    held.save(update_fields=["converted_from"])
    return held
