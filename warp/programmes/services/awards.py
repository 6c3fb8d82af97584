"""The awards: nominations through a link, the nominee's consent, shortlisting, judging and winners."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from warp import audit
from warp.accounts.models import User
from warp.programmes.models import (
    AwardCategory,
    AwardYear,
    Conflict,
    Judge,
    Nomination,
    NomineeConsent,
    Score,
)
from warp.students.models import Student


@transaction.atomic
def award_year_create(*, year: int) -> AwardYear:
    award_year = AwardYear(year=year)
    award_year.full_clean()
    award_year.save()
    return award_year


@transaction.atomic
def award_year_update(
    *,
    award_year: AwardYear,
    nominations_open: bool,
    ceremony_on: date | None,
    venue: str,
    attendance: int | None,
) -> AwardYear:
    award_year.nominations_open = nominations_open
    award_year.ceremony_on = ceremony_on
    award_year.venue = venue.strip()
    award_year.attendance = attendance
    award_year.full_clean()
    award_year.save()
    return award_year


@transaction.atomic
def award_category_create(*, name: str, description: str = "") -> AwardCategory:
    last = AwardCategory.objects.order_by("-order").values_list("order", flat=True).first() or 0
    category = AwardCategory(name=name.strip(), description=description.strip(), order=last + 1)
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def award_category_update(
    *, category: AwardCategory, name: str, description: str, active: bool
) -> AwardCategory:
    """Rename a category or stop offering it (nominations already made keep it)."""
    category.name, category.description, category.active = name.strip(), description.strip(), active
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def nomination_submit(
    *,
    award_year: AwardYear,
    category: AwardCategory,
    nominee_name: str,
    nominee_contact: str,
    why: str,
    nominator_name: str,
    nominator_contact: str,
    nominator_quote_consent: bool = False,
) -> Nomination:
    """A nomination through the year's link. Nothing about it is published until the nominee agrees, and
    its words are quoted only when the nominator agreed too (`nominator_quote_consent`, default no)."""
    if not award_year.nominations_open:
        raise ValidationError("Nominations for these awards have closed.")
    if not category.active:
        raise ValidationError({"category": "Choose one of the categories offered."})
    nomination = Nomination(
        award_year=award_year,
        category=category,
        nominee_name=nominee_name.strip(),
        nominee_contact=nominee_contact.strip(),
        why=why.strip(),
        nominator_name=nominator_name.strip(),
        nominator_contact=nominator_contact.strip(),
        nominator_quote_consent=nominator_quote_consent,
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def nominator_quote_consent_change(*, nomination: Nomination, consent: bool, by: User) -> Nomination:
    """Record the nominator giving or withdrawing their agreement to be quoted (they ask the centre; the
    nomination link keeps no account to come back to). The quote library reads it live, so a withdrawal
    takes the nomination out of the library and every picked list at once."""
    nomination.nominator_quote_consent = consent
    nomination.save(update_fields=["nominator_quote_consent"])
    audit.record(action="consent", obj=nomination, user=by, note=f"nominator quote consent: {consent}")
    return nomination


@transaction.atomic
def nominee_consent_record(*, nomination: Nomination, consent: str, on: date, by: User) -> Nomination:
    if consent not in NomineeConsent.values:
        raise ValidationError({"nominee_consent": "Choose whether the nominee agreed."})
    nomination.nominee_consent = consent
    nomination.consent_recorded_on = None if consent == NomineeConsent.NOT_ASKED else on
    nomination.full_clean()
    nomination.save(update_fields=["nominee_consent", "consent_recorded_on"])
    audit.record(action="consent", obj=nomination, user=by, note=consent)
    return nomination


@transaction.atomic
def nominee_student_link(*, nomination: Nomination, student: Student | None, by: User) -> Nomination:
    """Link the nominee to their student record when they are a registered student, so their requests
    about their data find the nomination."""
    nomination.student = student
    nomination.save(update_fields=["student"])
    audit.record(
        action="change",
        obj=nomination,
        user=by,
        student_id=student.pk if student else None,
        note="Nominee linked",
    )
    return nomination


@transaction.atomic
def nomination_shortlist(*, nomination: Nomination, shortlisted: bool) -> Nomination:
    if not shortlisted and nomination.winner:
        raise ValidationError("A winner stays on the shortlist. Choose another winner first.")
    nomination.shortlisted = shortlisted
    nomination.save(update_fields=["shortlisted"])
    return nomination


@transaction.atomic
def winner_choose(*, nomination: Nomination) -> Nomination:
    """The category's winner for the year (replacing any earlier choice). Must be on the shortlist."""
    if not nomination.shortlisted:
        raise ValidationError("Only a shortlisted nomination can win.")
    Nomination.objects.filter(
        award_year=nomination.award_year_id, category=nomination.category_id, winner=True
    ).exclude(pk=nomination.pk).update(winner=False)
    nomination.winner = True
    nomination.save(update_fields=["winner"])
    return nomination


@transaction.atomic
def judge_add(*, award_year: AwardYear, user: User) -> Judge:
    judge, _ = Judge.objects.get_or_create(award_year=award_year, user=user)
    return judge


@transaction.atomic
def conflict_declare(*, judge: Judge, nomination: Nomination, reason: str) -> Conflict:
    """Declaring a conflict withdraws any score the judge gave the nomination."""
    if not reason.strip():
        raise ValidationError({"reason": "Say briefly why, for example: a close friend."})
    Score.objects.filter(judge=judge, nomination=nomination).delete()
    conflict, _ = Conflict.objects.update_or_create(
        judge=judge, nomination=nomination, defaults={"reason": reason.strip()}
    )
    return conflict


@transaction.atomic
def score_give(*, judge: Judge, nomination: Nomination, score: int) -> Score:
    """A judge's score (1-10) for a shortlisted nomination of their year; refused where they declared a
    conflict of interest."""
    if nomination.award_year_id != judge.award_year_id:
        raise ValidationError("This nomination is not for your panel's year.")
    if not nomination.shortlisted:
        raise ValidationError("Only shortlisted nominations are scored.")
    if Conflict.objects.filter(judge=judge, nomination=nomination).exists():
        raise ValidationError(
            "You declared a conflict of interest with this nomination, so you cannot score it."
        )
    if not 1 <= score <= 10:
        raise ValidationError({"score": "Give a score from 1 to 10."})
    row, _ = Score.objects.update_or_create(judge=judge, nomination=nomination, defaults={"score": score})
    return row
