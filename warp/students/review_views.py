"""Learning Plan Reviews: recording one with a student, and the coding screen."""

from collections.abc import Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp import audit
from warp.accounts.access import STUDENT_RECORD_ROLES, role_required
from warp.core.forms import add_service_errors
from warp.students.access import get_review_for_coding, get_student_for, reviews_visible_to
from warp.students.forms import ReviewCodingForm, ReviewForm
from warp.students.models import LearningPlanReview, OutcomeCategory
from warp.students.services import is_erased, review_code, review_record
from warp.students.views import _erased_redirect

CODING_PAGE_SIZE = 25


def _offered_categories(*, keep: Sequence[OutcomeCategory] = ()) -> list[OutcomeCategory]:
    """The active categories, plus any inactive ones a review already has (so recoding does not drop them)."""
    kept = [category.pk for category in keep]
    return list(OutcomeCategory.objects.filter(Q(is_active=True) | Q(pk__in=kept)))


def _next_uncoded_after(user, review: LearningPlanReview) -> LearningPlanReview | None:
    """The next review waiting after this one (oldest first), else the oldest still waiting."""
    waiting = reviews_visible_to(user).uncoded().only("pk")
    later = waiting.filter(
        Q(review_date__gt=review.review_date) | Q(review_date=review.review_date, pk__gt=review.pk)
    ).first()
    return later or waiting.first()


@role_required(*STUDENT_RECORD_ROLES)
def review_record_view(request, pk: int):
    student = get_student_for(request.user, pk)
    if is_erased(student):
        return _erased_redirect(request, student)
    form = ReviewForm(
        request.POST or None,
        categories=_offered_categories(),
        initial={"review_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = review_record(
                student=student,
                review_date=data["review_date"],
                changes=data["changes"],
                courses_attended=data["courses_attended"],
                next_steps=data["next_steps"],
                quote_consent=data["quote_consent"],
                categories=form.chosen_categories(),
                held_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if review.is_coded:
                messages.success(request, f"The review with {student.first_name} is saved and coded.")
            else:
                messages.success(
                    request,
                    f"The review with {student.first_name} is saved. It is waiting on the 'Reviews to code' page.",
                )
            return redirect("students:student-detail", pk=student.pk)
    # The page names the student (and shows their words again after a mistake): a view of their record.
    audit.record(request=request, action="view", obj=student, note="Record a review")
    return render(request, "students/review_record.html", {"student": student, "form": form})


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def review_coding(request):
    """The reviews waiting to be coded, oldest first, each with its own checkboxes and Save button."""
    waiting = reviews_visible_to(request.user).for_coding()
    total = waiting.count()
    reviews = list(waiting[:CODING_PAGE_SIZE])
    # The screen shows each student's name and words: one audit entry per student shown, in one insert.
    audit.record_many(
        action="view",
        model="students.LearningPlanReview",
        student_ids=[review.student_id for review in reviews],
        request=request,
        note="Reviews to code",
    )
    return render(request, "students/review_coding.html", {"items": coding_items(reviews), "total": total})


def coding_items(reviews: list[LearningPlanReview]) -> list[dict]:
    """Each review on a coding screen with its own empty form and the review after it (for skipping)."""
    categories = _offered_categories()
    items = []
    for position, review in enumerate(reviews):
        following = reviews[position + 1] if position + 1 < len(reviews) else None
        form = ReviewCodingForm(
            prefix=f"review-{review.pk}", categories=categories, student_name=review.student.full_name
        )
        items.append({"review": review, "form": form, "next": following})
    return items


@role_required(*STUDENT_RECORD_ROLES)
def review_code_view(request, pk: int):
    """Code one review (from the coding screen), or recode it (from the student's page)."""
    review = get_review_for_coding(request.user, pk)
    if request.method != "POST":  # GET, and HEAD, which runs the same view
        audit.record(request=request, action="view", obj=review, student_id=review.student_id)
    current = list(review.categories.all())
    was_coded = review.is_coded
    form = ReviewCodingForm(
        request.POST if request.method == "POST" else None,
        prefix=f"review-{review.pk}",
        categories=_offered_categories(keep=current),
        student_name=review.student.full_name,
        initial={"categories": [str(category.pk) for category in current]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_code(review=review, categories=form.chosen_categories(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            labels = " and ".join(category.label for category in form.chosen_categories())
            messages.success(request, f"Saved: {review.student.full_name}'s review is coded as {labels}.")
            if was_coded:
                return redirect("students:student-detail", pk=review.student.pk)
            following = _next_uncoded_after(request.user, review)
            url = reverse("students:review-coding")
            return redirect(f"{url}#review-{following.pk}" if following else url)
    return render(
        request, "students/review_code.html", {"review": review, "form": form, "was_coded": was_coded}
    )
