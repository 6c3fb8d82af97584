"""What the data protection contact does: log requests, decide them, restrict processing, erase."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from warp import audit
from warp.accounts.models import User
from warp.bookings.services import student_upcoming_bookings_withdraw
from warp.privacy.coverage import covered_models, erase_rows
from warp.privacy.models import (
    Erasure,
    ErasureReason,
    ProcessingRestriction,
    RequestKind,
    RequestState,
    SubjectRequest,
    one_month_after,
)
from warp.students.eligibility import outward_code
from warp.students.models import Student

ERASED_FIRST_NAME = "Erased"
ERASED_LAST_NAME = "student"


@transaction.atomic
def subject_request_create(*, student: Student, kind: str, received_on: date, by: User) -> SubjectRequest:
    """Log a request; it is due one calendar month after it was received."""
    request = SubjectRequest(
        student=student, kind=kind, received_on=received_on, due_on=one_month_after(received_on)
    )
    request.full_clean()
    request.save()
    audit.record(action="create", obj=request, student_id=student.pk, user=by, note=kind)
    return request


@transaction.atomic
def subject_request_decide(
    *, request: SubjectRequest, by: User, state: str, decision: str, basis: str, today: date | None = None
) -> SubjectRequest:
    """Close a request with what was decided and the basis for it. Erasure and restriction are carried
    out here when granted ('done'), so the decision and the action cannot drift apart."""
    request = SubjectRequest.objects.select_for_update().select_related("student").get(pk=request.pk)
    if request.state != RequestState.OPEN:
        raise ValidationError("This request is already closed.")
    if state not in (RequestState.DONE, RequestState.REFUSED):
        raise ValidationError({"state": "Choose whether the request was done or refused."})
    if not basis.strip():
        raise ValidationError({"basis": "Write down the basis for the decision."})
    request.state = state
    request.decision = decision.strip()
    request.basis = basis.strip()
    request.handled_by = by
    request.closed_on = today or timezone.localdate()
    request.full_clean()
    request.save()
    audit.record(
        action="change", obj=request, student_id=request.student_id, user=by, note=f"Closed: {state}"
    )
    if state == RequestState.DONE:
        if request.kind == RequestKind.ERASURE:
            student_erase(student=request.student, by=by, basis=request.basis)
        elif request.kind == RequestKind.RESTRICTION:
            restriction_set(student=request.student, by=by, basis=request.basis)
    return request


@transaction.atomic
def restriction_set(*, student: Student, by: User, basis: str) -> ProcessingRestriction:
    existing = ProcessingRestriction.objects.filter(student=student).first()
    if existing is not None:
        return existing
    restriction = ProcessingRestriction(student=student, since=timezone.now(), basis=basis.strip(), by=by)
    restriction.full_clean()
    restriction.save()
    audit.record(action="restrict", obj=student, user=by, note="Restriction set")
    return restriction


@transaction.atomic
def restriction_lift(*, student: Student, by: User) -> bool:
    deleted = ProcessingRestriction.objects.filter(student=student).delete()[0]
    if deleted:
        audit.record(action="restrict", obj=student, user=by, note="Restriction lifted")
    return bool(deleted)


def coarse_date_of_birth(value: date | None) -> date | None:
    """Keep the year only, as 1 July: the report's ages move by less than a year and no-one is identified."""
    return None if value is None else date(value.year, 7, 1)


def coarse_postcode(value: str) -> str:
    """The outward code ('BH1 1AA' -> 'BH1'): an area of thousands of homes."""
    return outward_code(value) or ""


@transaction.atomic
def student_erase(
    *,
    student: Student,
    by: User | None,
    basis: str,
    reason: str = ErasureReason.REQUEST,
    now: datetime | None = None,
) -> Student:
    """Anonymise a student in place, so every count in every report stays the same.

    Kept: registration number, gender, ethnicity, identities, status, registration date, bookings and
    marks, feedback ratings. Coarsened: date of birth (year only), postcode (outward code). Blanked:
    names, contact details, free text everywhere (see coverage.COVERED). Their sign-in account is
    disabled and its email replaced. Raises ValidationError if they were already erased.
    """
    now = now or timezone.now()
    student = Student.objects.select_for_update().get(pk=student.pk)
    if Erasure.objects.filter(student=student).exists():
        raise ValidationError("This student's record has already been erased.")
    # Off every run not yet started, so their places go to the next people waiting (before the
    # cancellation reasons are blanked below).
    student_upcoming_bookings_withdraw(student=student, by=by, now=now)
    for _label, model, cover in covered_models():
        if cover.erase in ("anonymise", "delete"):
            erase_rows(model, cover, student)
    Student.objects.filter(pk=student.pk).update(
        first_name=ERASED_FIRST_NAME,
        # The pk keeps two erased students born in the same year apart (name + birth date is unique).
        last_name=f"{ERASED_LAST_NAME} {student.pk}",
        date_of_birth=coarse_date_of_birth(student.date_of_birth),
        gender_self_description="",
        email="",
        phone="",
        address="",
        postcode=coarse_postcode(student.postcode),
        support_needs="",
        consent_to_hold_data=False,  # the record no longer says who they were: nothing is held to agree to
        consent_to_contact=False,
        consent_to_quote=False,
        updated_at=now,
    )
    if student.user_id is not None:
        user = User.objects.get(pk=student.user_id)
        user.is_active = False
        user.email = f"erased-{user.pk}@erased.invalid"
        user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.save()
    Erasure.objects.create(student=student, at=now, by=by, reason=reason, basis=basis.strip()[:500])
    audit.record(action="erase", obj=student, user=by, note=reason)
    student.refresh_from_db()
    return student
