"""What people do with student records: register, update, agree a learning plan, change the service area,
record and code Learning Plan Reviews.

Each function is one transaction and the one place its rule is enforced.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from warp import audit
from warp.accounts.models import Role, User
from warp.accounts.services import user_invite, user_student_role_add
from warp.students.eligibility import Reason, eligibility_reasons, normalise_area_code, normalise_postcode
from warp.students.models import (
    ConsentHow,
    ConsentKind,
    ConsentRecord,
    ContactMethod,
    Identity,
    LearningPlan,
    LearningPlanReview,
    OutcomeCategory,
    PlanContact,
    PostcodeDistrict,
    Student,
    StudentStatus,
    current_privacy_notice_version,
)
from warp.students.reviews import category_problem
from warp.students.signals import learning_plan_agreed, review_recorded


class NotEligible(Exception):
    """This person cannot register today; `reasons` say why, kindly, with where else to look."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(reason.code for reason in reasons))
        self.reasons = reasons


class DuplicateStudent(Exception):
    """Someone with the same email, or the same name and date of birth, is already registered."""

    def __init__(self, existing: Student | None) -> None:
        super().__init__("This person is already registered.")
        self.existing = existing


class AccountExists(Exception):
    """A sign-in account already uses this email address."""


class ProcessingRestricted(ValidationError):
    """The student asked us to restrict processing: their record is stored, but nothing new is done with it."""

    def __init__(self) -> None:
        super().__init__(
            "This student's record is restricted at their request, so it cannot be used for this. "
            "Ask the data protection contact (an administrator) to lift the restriction first."
        )


class StudentErased(ValidationError):
    """The student's record was erased (warp/privacy): it stays only so the reports' counts stay."""

    def __init__(self) -> None:
        super().__init__(
            "This student's record has been erased, so nothing more can be done with it. "
            "If they come back, register them again as a new student."
        )


def is_erased(student: Student) -> bool:
    """Whether the record was erased (an Erasure row, read through the reverse relation: no import upward)."""
    return Student.objects.filter(pk=student.pk, erasure__isnull=False).exists()


def refuse_if_erased(student: Student) -> None:
    if is_erased(student):
        raise StudentErased()


def is_processing_restricted(student: Student) -> bool:
    """Whether a restriction (warp/privacy) stands, read through the reverse relation (no import upward)."""
    return Student.objects.filter(pk=student.pk, processing_restriction__isnull=False).exists()


def service_area_codes() -> list[str]:
    return list(PostcodeDistrict.objects.values_list("code", flat=True))


def find_duplicate(
    *, email: str, first_name: str, last_name: str, date_of_birth: date | None, exclude_pk: int | None = None
) -> Student | None:
    """The registered student who is this person: the same email (any case), or the same name and birth date."""
    query = Q()
    if email.strip():
        query |= Q(email__iexact=email.strip())
    if date_of_birth is not None:
        query |= Q(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        )
    if not query:
        return None
    students = Student.objects.filter(query)
    if exclude_pk is not None:
        students = students.exclude(pk=exclude_pk)
    return students.order_by("pk").first()


def registration_attempt_tell_existing(*, email: str, existing: Student | None, base_url: str) -> None:
    """The public registration page found this person already here (`existing`, matched by email or by name
    and date of birth; None when only a sign-in uses the email). The page answers as it does for someone
    new; the person we already hold is told by email instead, from the task worker (issue 13, hole 6)."""
    from warp.students.tasks import send_already_registered

    email = email.strip().lower()
    if existing is not None:
        student_id, user_id = existing.pk, None
        by_name = existing.email.strip().lower() != email
    else:
        student_id, by_name = None, False
        user_id = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
    transaction.on_commit(lambda: send_already_registered.enqueue(student_id, user_id, by_name, base_url))


def registration_number_for(pk: int, taken: set[str]) -> str:
    """'REC-00042' from the pk; if an imported record already has that number, 'REC-00042-2' and so on."""
    number = f"REC-{pk:05d}"
    suffix = 2
    while number in taken:
        number = f"REC-{pk:05d}-{suffix}"
        suffix += 1
    return number


def temporary_registration_number() -> str:
    """A unique stand-in until the pk is known (the number is made from the pk)."""
    return f"NEW-{uuid.uuid4().hex[:24]}"


def _assign_registration_number(student: Student) -> None:
    base = f"REC-{student.pk:05d}"
    taken = set(
        Student.objects.filter(registration_number__startswith=base).values_list(
            "registration_number", flat=True
        )
    )
    student.registration_number = registration_number_for(student.pk, taken)
    student.save(update_fields=["registration_number"])


def _clean_identities(identities: Iterable[Identity | int]) -> list[int]:
    return sorted({item.pk if isinstance(item, Identity) else int(item) for item in identities})


@transaction.atomic
def student_register(
    *,
    first_name: str,
    last_name: str,
    postcode: str,
    consent_to_hold_data: bool,
    date_of_birth: date | None = None,
    confirmed_over_18: bool = False,
    email: str = "",
    phone: str = "",
    address: str = "",
    gender: str = "",
    gender_self_description: str = "",
    ethnicity: str = "",
    identities: Iterable[Identity | int] = (),
    contact_method: str = ContactMethod.EMAIL,
    support_needs: str = "",
    consent_to_contact: bool = False,
    consent_to_quote: bool = False,
    account_password: str | None = None,
    user: User | None = None,
    registered_by: User | None = None,
    today: date | None = None,
    consent_how: str = "",
    invite_base_url: str = "",
) -> Student:
    """Register a student after checking eligibility and duplicates.

    Raises NotEligible (under 18, outside the service area, age not confirmed), DuplicateStudent (same
    email, or same name and date of birth), AccountExists (a sign-in account already uses the email), or
    ValidationError. With `account_password`, also creates their student sign-in account; with
    `invite_base_url` instead, creates it without a password and emails them an invitation to choose one
    (staff registering someone never read a password out). Or pass `user`, an existing sign-in with no
    student record yet (a student account, or a member of staff registering themselves), to link it: the
    person gains the student role beside the roles they hold. Writes one consent record per kind, under
    the current privacy notice; `consent_how` defaults to the online form, or staff when `registered_by`.
    """
    today = today or timezone.localdate()
    if not consent_to_hold_data:
        raise ValidationError(
            {"consent_to_hold_data": "We can only register someone who agrees to us holding their details."}
        )
    reasons = eligibility_reasons(
        date_of_birth=date_of_birth,
        confirmed_over_18=confirmed_over_18,
        postcode=postcode,
        service_area=service_area_codes(),
        today=today,
    )
    if reasons:
        raise NotEligible(reasons)
    email = email.strip().lower()
    existing = find_duplicate(
        email=email, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
    )
    if existing is not None:
        raise DuplicateStudent(existing)

    if user is not None and Student.objects.filter(user=user).exists():
        raise ValidationError("This sign-in already has a student record.")
    if user is None and (account_password or invite_base_url):
        if not email:
            raise ValidationError(
                {"email": "An email address is needed to sign in. Add one, or skip the account."}
            )
        if User.objects.filter(email__iexact=email).exists():
            raise AccountExists(email)
        user = User.objects.create_user(
            email,
            account_password or None,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=Role.STUDENT,
        )
        if invite_base_url:
            user_invite(
                user=user,
                by=registered_by,
                base_url=invite_base_url,
                registered_themselves=registered_by is None,
            )

    student = Student(
        user=user,
        registration_number=temporary_registration_number(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        confirmed_over_18=confirmed_over_18 and date_of_birth is None,
        gender=gender,
        gender_self_description=gender_self_description.strip() if gender == "self_describe" else "",
        ethnicity=ethnicity,
        email=email,
        phone=phone.strip(),
        address=address.strip(),
        postcode=normalise_postcode(postcode) or "",
        contact_method=contact_method,
        support_needs=support_needs.strip(),
        consent_to_hold_data=True,
        privacy_notice_version=current_privacy_notice_version(),
        consent_given_at=timezone.now(),
        consent_to_contact=consent_to_contact,
        consent_to_quote=consent_to_quote,
        status=StudentStatus.AWAITING_PLAN,
        registered_on=today,
        registered_by=registered_by,
    )
    student.full_clean()
    try:
        with transaction.atomic():
            student.save()
    except IntegrityError:
        # Another registration for the same person committed between our check and this insert.
        raise DuplicateStudent(
            find_duplicate(
                email=email, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
            )
        ) from None
    _assign_registration_number(student)
    if user is not None:
        # Someone who already signs in (a member of staff, say) registering as a student: the same person,
        # one sign-in, now also holding the student role. Their record and consent are their own.
        user_student_role_add(user=user)
    student.identities.set(_clean_identities(identities))
    how = consent_how or (ConsentHow.PHONE if registered_by is not None else ConsentHow.ONLINE)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                student=student,
                kind=kind,
                given=given,
                notice_version=student.privacy_notice_version,
                at=student.consent_given_at or timezone.now(),
                how=how,
                recorded_by=registered_by,
            )
            for kind, given in [
                (ConsentKind.DATA, True),
                (ConsentKind.CONTACT, consent_to_contact),
                (ConsentKind.QUOTE, consent_to_quote),
            ]
        ]
    )
    audit.record(action="create", obj=student, user=registered_by or user)
    return student


# The details staff may change after registration (consent to hold data is not one: see privacy).
UPDATABLE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "date_of_birth",
        "confirmed_over_18",
        "gender",
        "gender_self_description",
        "ethnicity",
        "email",
        "phone",
        "address",
        "postcode",
        "contact_method",
        "support_needs",
        "consent_to_contact",
        "consent_to_quote",
    }
)


@transaction.atomic
def student_update(
    *, student: Student, updated_by: User, identities: Iterable[Identity | int] | None = None, **changes: Any
) -> Student:
    """Change a student's details. The postcode must be a UK postcode; the person must not become a duplicate.

    Eligibility is not re-checked: someone who moves away keeps their record.
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"student_update cannot change {sorted(unknown)}")
    refuse_if_erased(student)
    before = {name: getattr(student, name) for name in UPDATABLE_FIELDS}
    if "email" in changes:
        changes["email"] = changes["email"].strip().lower()
    if "postcode" in changes:
        normal = normalise_postcode(changes["postcode"])
        if changes["postcode"].strip() and normal is None:
            raise ValidationError({"postcode": "Enter a full UK postcode, like BH1 1AA."})
        changes["postcode"] = normal or ""
    for name, value in changes.items():
        setattr(student, name, value.strip() if isinstance(value, str) and name != "email" else value)
    if student.gender != "self_describe":
        student.gender_self_description = ""
    if student.date_of_birth is not None:
        student.confirmed_over_18 = False
    changed = sorted(name for name in UPDATABLE_FIELDS if getattr(student, name) != before[name])
    existing = find_duplicate(
        email=student.email,
        first_name=student.first_name,
        last_name=student.last_name,
        date_of_birth=student.date_of_birth,
        exclude_pk=student.pk,
    )
    if existing is not None:
        raise DuplicateStudent(existing)
    student.full_clean()
    student.save()
    if identities is not None:
        new_identities = _clean_identities(identities)
        if new_identities != sorted(student.identities.values_list("pk", flat=True)):
            changed.append("identities")
        student.identities.set(new_identities)
    for kind, name in [(ConsentKind.CONTACT, "consent_to_contact"), (ConsentKind.QUOTE, "consent_to_quote")]:
        if name in changed:
            _consent_record(student=student, kind=kind, given=getattr(student, name), by=updated_by)
    if changed:
        # Rectification history: which fields changed, by whom and when; never the old or new values.
        audit.record(action="change", obj=student, user=updated_by, note="Changed: " + ", ".join(changed))
    user = student.user
    if user is not None and (user.email, user.first_name, user.last_name) != (
        student.email or user.email,
        student.first_name,
        student.last_name,
    ):
        if student.email and User.objects.filter(email__iexact=student.email).exclude(pk=user.pk).exists():
            raise ValidationError({"email": "Another sign-in account already uses this email address."})
        user.email = student.email or user.email
        user.first_name, user.last_name = student.first_name, student.last_name
        user.full_clean(exclude=["password"])
        user.save()
    return student


@transaction.atomic
def plan_contact_record(
    *, student: Student, by: User, note: str, appointment_on: date | None = None
) -> PlanContact:
    """Keep a note of contact with a student waiting for a learning plan (and the meeting's date, if one
    is arranged). Only while they are waiting: once a plan is agreed, the plan and reviews hold the rest."""
    refuse_if_erased(student)
    if student.status != StudentStatus.AWAITING_PLAN:
        raise ValidationError("Notes here are for students still waiting to agree a learning plan.")
    if appointment_on is not None and appointment_on < timezone.localdate():
        raise ValidationError(
            {"appointment_on": "The meeting's date is in the past: enter the day it will be."}
        )
    contact = PlanContact(student=student, by=by, note=note.strip(), appointment_on=appointment_on)
    contact.full_clean()
    contact.save()
    audit.record(action="create", obj=contact, student_id=student.pk, user=by, note="Contact note")
    return contact


@transaction.atomic
def student_leave(*, student: Student, by: User) -> Student:
    """Record that a student has left the centre: they can no longer book, and their record stays (for the
    counts and in case they come back). Refused while they hold a place, an offer or a waiting-list place on
    a course run still to come, so nobody is left on a register by mistake: cancel those first."""
    refuse_if_erased(student)
    if student.status == StudentStatus.LEFT:
        return student
    today = timezone.localdate()
    upcoming = (
        student.bookings.exclude(status="cancelled")  # type: ignore[attr-defined]  # bookings app
        .exclude(course_run__sessions__date__lt=today)
        .filter(course_run__sessions__date__gte=today)
        .distinct()
        .count()
    )
    if upcoming:
        raise ValidationError(
            f"{student.full_name} still has {upcoming} upcoming booking{'s' if upcoming != 1 else ''} "
            "(a place, an offer or a waiting-list place). Cancel them from their bookings page first, "
            "then record that they have left."
        )
    return _status_set(student, StudentStatus.LEFT, by=by, note="Left the centre")


@transaction.atomic
def student_return(*, student: Student, by: User) -> Student:
    """Welcome back a student who had left: active again if they have an agreed learning plan, otherwise
    waiting for one (an admissions tutor meets them first)."""
    refuse_if_erased(student)
    if student.status != StudentStatus.LEFT:
        return student
    has_plan = LearningPlan.objects.filter(student=student).exists()
    status = StudentStatus.ACTIVE if has_plan else StudentStatus.AWAITING_PLAN
    return _status_set(student, status, by=by, note="Came back to the centre")


def _status_set(student: Student, status: str, *, by: User, note: str) -> Student:
    """Save a student's new status and say so in the audit log (`note`: why, in words)."""
    student.status = status
    student.full_clean()
    student.save(update_fields=["status", "updated_at"])
    audit.record(action="change", obj=student, user=by, note=note)
    return student


@transaction.atomic
def learning_plan_agree(
    *,
    student: Student,
    agreed_by: User,
    hopes_and_goals: str,
    strengths: str = "",
    support_needs: str = "",
    support_needs_shared_with_trainers: bool = False,
    courses_of_interest: str = "",
    signposting: str = "",
    review_date: date | None = None,
    today: date | None = None,
) -> LearningPlan:
    """Record the Individual Learning Plan agreed with the student; they become active and may book."""
    today = today or timezone.localdate()
    refuse_if_erased(student)
    if is_processing_restricted(student):
        raise ProcessingRestricted()
    if review_date is not None and review_date < today:
        raise ValidationError({"review_date": "The review date needs to be today or later."})
    plan = LearningPlan.objects.filter(student=student).first() or LearningPlan(student=student)
    is_new = plan.pk is None
    plan.hopes_and_goals = hopes_and_goals.strip()
    plan.strengths = strengths.strip()
    plan.support_needs = support_needs.strip()
    plan.support_needs_shared_with_trainers = support_needs_shared_with_trainers
    plan.courses_of_interest = courses_of_interest.strip()
    plan.signposting = signposting.strip()
    plan.review_date = review_date
    plan.agreed_on = today
    plan.agreed_by = agreed_by
    plan.full_clean()
    plan.save()
    if student.status != StudentStatus.ACTIVE:
        student.status = StudentStatus.ACTIVE
        student.save(update_fields=["status", "updated_at"])
    audit.record(action="create" if is_new else "change", obj=plan, student_id=student.pk, user=agreed_by)
    learning_plan_agreed.send(sender=LearningPlan, student=student, plan=plan, by=agreed_by, is_new=is_new)
    return plan


def _consent_record(
    *, student: Student, kind: str, given: bool, by: User | None, how: str = ""
) -> ConsentRecord:
    record = ConsentRecord(
        student=student,
        kind=kind,
        given=given,
        notice_version=current_privacy_notice_version(),
        at=timezone.now(),
        how=how or (ConsentHow.ONLINE if by is not None and by.role == Role.STUDENT else ConsentHow.PHONE),
        recorded_by=by,
    )
    record.full_clean()
    record.save()
    if kind == ConsentKind.QUOTE and not given:
        # Quotes are published only while consent stands: their earlier portal feedback stops being
        # quotable too. Reached through the reverse relation, so students imports nothing from feedback.
        student.feedback_responses.filter(quote_consent=True).update(quote_consent=False)  # type: ignore[attr-defined]
        # ...and neither are the words from their Learning Plan Reviews.
        student.reviews.filter(quote_consent=True).update(quote_consent=False)
    audit.record(
        action="consent",
        obj=student,
        user=by,
        note=f"{kind} consent {'given' if given else 'withdrawn'}",
    )
    return record


CHANGEABLE_CONSENTS: dict[str, str] = {
    ConsentKind.CONTACT: "consent_to_contact",
    ConsentKind.QUOTE: "consent_to_quote",
}


@transaction.atomic
def student_consent_change(*, student: Student, kind: str, given: bool, by: User, how: str = "") -> Student:
    """Give or withdraw consent to be contacted or quoted: one click either way, recorded with the notice
    version. Consent to hold data is not changed here: withdrawing it is an erasure request (warp/privacy)."""
    if kind not in CHANGEABLE_CONSENTS:
        raise ValidationError("Only consent to be contacted or quoted can be changed here.")
    name = CHANGEABLE_CONSENTS[kind]
    if getattr(student, name) == given:
        return student
    setattr(student, name, given)
    student.save(update_fields=[name, "updated_at"])
    _consent_record(student=student, kind=kind, given=given, by=by, how=how)
    return student


@transaction.atomic
def student_texts_stop(*, student: Student, now: datetime | None = None) -> Student:
    """They replied STOP to a text (GOV.UK Notify): nothing more is texted to them until they choose texts
    again (student_contact_choose). Kept as a consent record (how: "Replied to a text message") and audited."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    if student.texts_stopped_at is not None:
        return student
    student.texts_stopped_at = now or timezone.now()
    student.save(update_fields=["texts_stopped_at", "updated_at"])
    _consent_record(student=student, kind=ConsentKind.TEXTS, given=False, by=None, how=ConsentHow.TEXT_REPLY)
    return student


@transaction.atomic
def student_contact_choose(*, student: Student, contact_method: str, phone: str, by: User) -> Student:
    """A student chooses how we contact them on their portal (and their phone number). Choosing texts
    after replying STOP starts texts again, kept as a consent record."""
    refuse_if_erased(student)
    student = student_update(student=student, updated_by=by, contact_method=contact_method, phone=phone)
    if contact_method == ContactMethod.TEXT and student.texts_stopped_at is not None:
        student.texts_stopped_at = None
        student.save(update_fields=["texts_stopped_at", "updated_at"])
        _consent_record(student=student, kind=ConsentKind.TEXTS, given=True, by=by)
    return student


@transaction.atomic
def postcode_district_add(*, code: str) -> PostcodeDistrict:
    """Add a postcode district ('BH21') or a whole postcode area ('BH') to the service area."""
    normal = normalise_area_code(code)
    if normal is None:
        raise ValidationError(
            {"code": "Enter a postcode district like BH21 or DT1, or a whole postcode area like BH."}
        )
    if PostcodeDistrict.objects.filter(code=normal).exists():
        raise ValidationError({"code": f"{normal} is already in the service area."})
    district = PostcodeDistrict(code=normal)
    district.full_clean()
    district.save()
    return district


@transaction.atomic
def postcode_district_remove(*, district: PostcodeDistrict) -> None:
    """Take a district out of the service area. The last one stays: with none, nobody could register."""
    if PostcodeDistrict.objects.count() <= 1:
        raise ValidationError(
            "The service area needs at least one district. Add another before removing this."
        )
    district.delete()


def _clean_categories(categories: Iterable[OutcomeCategory | int]) -> list[OutcomeCategory]:
    """The categories as rows, checked against the coding rules (ValidationError on `categories`)."""
    wanted = list(categories)
    given = {item.pk: item for item in wanted if isinstance(item, OutcomeCategory)}
    ids = set(given) | {int(item) for item in wanted if not isinstance(item, OutcomeCategory)}
    found = list(given.values())
    if len(given) < len(ids):
        found = list(OutcomeCategory.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"categories": "One of the chosen categories no longer exists. Choose again."})
    problem = category_problem(found)
    if problem:
        raise ValidationError({"categories": problem})
    return found


@transaction.atomic
def review_record(
    *,
    student: Student,
    review_date: date,
    changes: str,
    held_by: User | None,
    courses_attended: str = "",
    next_steps: str = "",
    quote_consent: bool = False,
    categories: Iterable[OutcomeCategory | int] = (),
    today: date | None = None,
) -> LearningPlanReview:
    """Record a Learning Plan Review held with a student; with categories, it is coded at once.

    At most two categories, and "No change" only on its own (ValidationError otherwise).
    """
    today = today or timezone.localdate()
    refuse_if_erased(student)
    errors: dict[str, str] = {}
    if review_date > today:
        errors["review_date"] = "The review date cannot be in the future. Use the day you met."
    if not changes.strip():
        errors["changes"] = (
            "Write down their answer in their own words. If they said nothing has changed, write that."
        )
    try:
        chosen = _clean_categories(categories)
    except ValidationError as exc:
        errors.update({name: messages[0] for name, messages in exc.message_dict.items()})
        chosen = []
    if errors:
        raise ValidationError(errors)
    review = LearningPlanReview(
        student=student,
        review_date=review_date,
        changes=changes.strip(),
        courses_attended=courses_attended.strip(),
        next_steps=next_steps.strip(),
        quote_consent=quote_consent,
        held_by=held_by,
    )
    if chosen:
        review.coded_at = timezone.now()
        review.coded_by = held_by
    review.full_clean()
    review.save()
    if chosen:
        review.categories.set(chosen)
    audit.record(action="create", obj=review, student_id=student.pk, user=held_by)
    review_recorded.send(sender=LearningPlanReview, student=student, review=review, by=held_by)
    return review


@transaction.atomic
def review_code(
    *, review: LearningPlanReview, categories: Iterable[OutcomeCategory | int], by: User | None
) -> LearningPlanReview:
    """Code (or recode) a review: its categories are replaced by these, and who coded it and when is kept.

    At least one category ("No change" when nothing changed), at most two, "No change" only on its own.
    """
    refuse_if_erased(review.student)
    chosen = _clean_categories(categories)
    if not chosen:
        raise ValidationError(
            {"categories": "Choose at least one category. If they named no change, choose 'No change'."}
        )
    review.coded_at = timezone.now()
    review.coded_by = by
    review.full_clean()
    review.save(update_fields=["coded_at", "coded_by", "updated_at"])
    review.categories.set(chosen)
    audit.record(action="change", obj=review, student_id=review.student_id, user=by, note="Coded")
    return review
