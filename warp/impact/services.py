"""What people do with the impact log and co-production workshops: every write goes through here."""

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from django.db import models, transaction

from warp.impact.models import (
    CoproductionWorkshop,
    ImpactEntry,
    ImpactPerson,
    WorkshopComment,
    WorkshopTheme,
)

M = TypeVar("M", bound=models.Model)


def _save(instance: M) -> M:
    instance.full_clean()
    instance.save()
    return instance


def _people(names: Iterable[str]) -> list[ImpactPerson]:
    """The people named, each once, made on first mention (names compared without regard to case)."""
    found: list[ImpactPerson] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        person = ImpactPerson.objects.filter(name__iexact=name).first() or _save(ImpactPerson(name=name))
        if person not in found:
            found.append(person)
    return found


# The impact log -------------------------------------------------------------------------------------------


@transaction.atomic
def impact_entry_create(
    *,
    kind: str,
    held_on: date,
    title: str,
    people: Iterable[str] = (),
    event: str = "",
    place: str = "",
    link: str = "",
    publication_status: str = "",
    reference: str = "",
    notes: str = "",
) -> ImpactEntry:
    entry = _save(
        ImpactEntry(
            kind=kind,
            held_on=held_on,
            title=title,
            event=event,
            place=place,
            link=link,
            publication_status=publication_status,
            reference=reference,
            notes=notes,
        )
    )
    entry.people.set(_people(people))
    return entry


@transaction.atomic
def impact_entry_update(
    *,
    entry: ImpactEntry,
    kind: str,
    held_on: date,
    title: str,
    people: Iterable[str],
    event: str,
    place: str,
    link: str,
    publication_status: str,
    reference: str,
    notes: str,
) -> ImpactEntry:
    """Change an entry; it takes every field, as its form does."""
    entry.kind, entry.held_on, entry.title, entry.event, entry.place = kind, held_on, title, event, place
    entry.link, entry.publication_status, entry.reference, entry.notes = (
        link,
        publication_status,
        reference,
        notes,
    )
    _save(entry)
    entry.people.set(_people(people))
    return entry


# Co-production workshops ----------------------------------------------------------------------------------


@transaction.atomic
def workshop_create(
    *,
    held_on: date,
    service: str,
    locality: str,
    title: str = "",
    uses_services: int = 0,
    carers: int = 0,
    staff: int = 0,
    others: int = 0,
    notes: str = "",
) -> CoproductionWorkshop:
    return _save(
        CoproductionWorkshop(
            held_on=held_on,
            service=service,
            locality=locality,
            title=title,
            uses_services=uses_services,
            carers=carers,
            staff=staff,
            others=others,
            notes=notes,
        )
    )


@transaction.atomic
def workshop_update(
    *,
    workshop: CoproductionWorkshop,
    held_on: date,
    service: str,
    locality: str,
    title: str,
    uses_services: int,
    carers: int,
    staff: int,
    others: int,
    notes: str,
) -> CoproductionWorkshop:
    workshop.held_on, workshop.service, workshop.locality, workshop.title = held_on, service, locality, title
    workshop.uses_services, workshop.carers, workshop.staff, workshop.others = (
        uses_services,
        carers,
        staff,
        others,
    )
    workshop.notes = notes
    return _save(workshop)


@transaction.atomic
def workshop_theme_create(*, name: str) -> WorkshopTheme:
    return _save(WorkshopTheme(name=" ".join(name.split())))


@transaction.atomic
def workshop_theme_update(*, theme: WorkshopTheme, name: str, active: bool) -> WorkshopTheme:
    theme.name, theme.active = " ".join(name.split()), active
    return _save(theme)


@transaction.atomic
def workshop_comment_add(
    *,
    workshop: CoproductionWorkshop,
    theme: WorkshopTheme,
    text: str,
    perspective: str = "",
    quote_consent: bool = False,
) -> WorkshopComment:
    return _save(
        WorkshopComment(
            workshop=workshop, theme=theme, text=text, perspective=perspective, quote_consent=quote_consent
        )
    )


@transaction.atomic
def workshop_comment_update(
    *, comment: WorkshopComment, theme: WorkshopTheme, text: str, perspective: str, quote_consent: bool
) -> WorkshopComment:
    """Recode or correct a comment. Unticking consent takes it out of the quote library at once: the
    library reads consent here, live."""
    comment.theme, comment.text, comment.perspective, comment.quote_consent = (
        theme,
        text,
        perspective,
        quote_consent,
    )
    return _save(comment)
