"""Double coding of Learning Plan Reviews: drawing a sample, the second coding, and agreeing a final one.

The services here are the only writes to `ReviewSecondCoding` (the import `second_coding_imports` saves
through `second_coding_save`). The coding rules are the first coding's (warp/students/reviews.py).
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from warp import audit
from warp.accounts.models import User
from warp.students.models import LearningPlanReview, OutcomeCategory, ReviewSecondCoding
from warp.students.services import _clean_categories, refuse_if_erased

_NONE_CHOSEN = "Choose at least one category. If they named no change, choose 'No change'."


@dataclass(frozen=True)
class SampleDrawn:
    drawn: int  # reviews added to the second-coding list
    eligible: int  # coded reviews in the period with no second coding before this draw


def sample_size(eligible: int, percent: int) -> int:
    """How many of `eligible` reviews a sample of `percent` takes: rounded up, so 10% of 3 is 1, not 0."""
    return min(eligible, math.ceil(eligible * percent / 100))


@transaction.atomic
def review_sample_draw(
    *, start: date, end: date, percent: int, by: User | None, chooser: random.Random | None = None
) -> SampleDrawn:
    """Draw a random `percent` of the coded reviews held in [start, end] for a second coder.

    Reviews already drawn (or already second-coded) are not drawn again, nor those of erased students
    (their words are gone). `chooser` is for tests; otherwise the operating system's randomness is used.
    """
    if not 1 <= percent <= 100:
        raise ValidationError({"percent": "Choose a percentage from 1 to 100."})
    if start > end:
        raise ValidationError({"end": "The last day must be on or after the first day. Check the two dates."})
    eligible = list(
        LearningPlanReview.objects.coded()
        .filter(review_date__range=(start, end), second_coding__isnull=True, student__erasure__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chooser = chooser or random.SystemRandom()
    chosen = chooser.sample(eligible, sample_size(len(eligible), percent))
    now = timezone.now()
    ReviewSecondCoding.objects.bulk_create(
        [ReviewSecondCoding(review_id=pk, sampled_at=now, sampled_by=by) for pk in sorted(chosen)]
    )
    audit.record(
        action="create",
        model="students.ReviewSecondCoding",
        user=by,
        note=f"Drew {len(chosen)} of {len(eligible)} reviews held {start:%Y-%m-%d} to {end:%Y-%m-%d} "
        "for a second coding",
    )
    return SampleDrawn(drawn=len(chosen), eligible=len(eligible))


@transaction.atomic
def review_second_code(
    *, second_coding: ReviewSecondCoding, categories: Iterable[OutcomeCategory | int], by: User
) -> ReviewSecondCoding:
    """The second coder's categories for a sampled review, made without seeing the first coding.

    The review's coding at this moment is kept beside it (`first_categories`) for the agreement figures.
    Same rules as the first coding; the first coder cannot also be the second.
    """
    review = second_coding.review
    refuse_if_erased(review.student)
    if second_coding.coded_at is not None:
        raise ValidationError(
            {"categories": "This review already has its second coding. Nothing was changed."}
        )
    if not review.is_coded:
        raise ValidationError(
            {"categories": "This review has no first coding yet. Code it on 'Reviews to code' first."}
        )
    if review.coded_by_id is not None and review.coded_by_id == by.pk:
        raise ValidationError(
            {"categories": "You made the first coding of this review, so someone else makes the second."}
        )
    chosen = _clean_categories(categories)
    if not chosen:
        raise ValidationError({"categories": _NONE_CHOSEN})
    second_coding_save(
        second_coding=second_coding,
        first=list(review.categories.all()),
        second=chosen,
        coder=by.get_full_name() or by.email,
        by=by,
    )
    audit.record(action="change", obj=review, student_id=review.student_id, user=by, note="Second coding")
    return second_coding


def second_coding_save(
    *,
    second_coding: ReviewSecondCoding,
    first: list[OutcomeCategory],
    second: list[OutcomeCategory],
    coder: str,
    by: User | None,
) -> None:
    """Store a second coding and the first coding it is compared with (the service and the import)."""
    second_coding.coded_at = timezone.now()
    second_coding.coded_by = by
    second_coding.coder = coder[:120]
    second_coding.full_clean()
    second_coding.save()
    second_coding.first_categories.set(first)
    second_coding.categories.set(second)


@transaction.atomic
def review_final_agree(
    *, second_coding: ReviewSecondCoding, categories: Iterable[OutcomeCategory | int], by: User
) -> LearningPlanReview:
    """The coders' agreed final coding: it replaces the review's categories (the report counts it from now),
    while the two original codings stay as they were for the agreement figures."""
    review = second_coding.review
    refuse_if_erased(review.student)
    if second_coding.coded_at is None:
        raise ValidationError(
            {"categories": "This review has no second coding yet, so there is nothing to agree."}
        )
    chosen = _clean_categories(categories)
    if not chosen:
        raise ValidationError({"categories": _NONE_CHOSEN})
    now = timezone.now()
    review.coded_at = now
    review.coded_by = by
    review.save(update_fields=["coded_at", "coded_by", "updated_at"])
    review.categories.set(chosen)
    second_coding.agreed_at = now
    second_coding.agreed_by = by
    second_coding.save(update_fields=["agreed_at", "agreed_by"])
    audit.record(
        action="change", obj=review, student_id=review.student_id, user=by, note="Final coding agreed"
    )
    return review
