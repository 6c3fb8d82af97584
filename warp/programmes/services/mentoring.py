"""Lived-experience mentoring: people, pairings, meetings and the end-of-pairing evaluation."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from warp import audit
from warp.accounts.models import User
from warp.programmes.models import (
    EvaluationAnswer,
    EvaluationQuestion,
    Mentee,
    Mentor,
    MentoringMeeting,
    Pairing,
    PairingEvaluation,
    QuestionKind,
)


@transaction.atomic
def mentor_create(*, name: str, email: str = "", role: str = "") -> Mentor:
    mentor = Mentor(name=name.strip(), email=email.strip(), role=role.strip())
    mentor.full_clean()
    mentor.save()
    return mentor


@transaction.atomic
def mentee_create(*, name: str, email: str = "", role: str = "") -> Mentee:
    mentee = Mentee(name=name.strip(), email=email.strip(), role=role.strip())
    mentee.full_clean()
    mentee.save()
    return mentee


@transaction.atomic
def pairing_create(*, mentor: Mentor, mentee: Mentee, started_on: date) -> Pairing:
    pairing = Pairing(mentor=mentor, mentee=mentee, started_on=started_on)
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_end(*, pairing: Pairing, ended_on: date) -> Pairing:
    if ended_on < pairing.started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the day the pairing started."})
    pairing.ended_on = ended_on
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def meeting_record(*, pairing: Pairing, held_on: date, minutes: int) -> MentoringMeeting:
    if held_on < pairing.started_on or (pairing.ended_on and held_on > pairing.ended_on):
        raise ValidationError({"held_on": "The meeting must fall while the pairing was running."})
    meeting = MentoringMeeting(pairing=pairing, held_on=held_on, minutes=minutes)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def evaluation_record(
    *,
    pairing: Pairing,
    given_on: date,
    answers: dict[int, int | str | None],
    consent_to_quote: bool,
    by: User | None = None,
) -> PairingEvaluation:
    """The mentee's evaluation of an ended pairing. `answers` maps a question's pk to a score (1-5) or words.

    Only the questions active now are answered; one evaluation per pairing."""
    if pairing.ended_on is None:
        raise ValidationError("End the pairing before recording its evaluation.")
    if PairingEvaluation.objects.filter(pairing=pairing).exists():
        raise ValidationError("This pairing's evaluation is already recorded.")
    evaluation = PairingEvaluation(pairing=pairing, given_on=given_on, consent_to_quote=consent_to_quote)
    evaluation.full_clean()
    evaluation.save()
    rows = []
    for question in EvaluationQuestion.objects.filter(active=True):
        value = answers.get(question.pk)
        if value in (None, ""):
            continue
        if question.kind == QuestionKind.SCORE:
            score = int(value)  # type: ignore[arg-type]
            if not 1 <= score <= 5:
                raise ValidationError({f"q_{question.pk}": "Choose a score from 1 to 5."})
            rows.append(EvaluationAnswer(evaluation=evaluation, question=question, score=score))
        else:
            rows.append(EvaluationAnswer(evaluation=evaluation, question=question, text=str(value).strip()))
    EvaluationAnswer.objects.bulk_create(rows)
    return evaluation


@transaction.atomic
def evaluation_consent_change(
    *, evaluation: PairingEvaluation, consent_to_quote: bool, by: User | None = None
) -> PairingEvaluation:
    """Give or withdraw the mentee's consent to quote their evaluation. The quote library reads it live,
    so a withdrawal takes their words out of the library and every picked list at once."""
    evaluation.consent_to_quote = consent_to_quote
    evaluation.save(update_fields=["consent_to_quote"])
    if by is not None:
        audit.record(action="consent", obj=evaluation, user=by, note=str(consent_to_quote).lower())
    return evaluation
