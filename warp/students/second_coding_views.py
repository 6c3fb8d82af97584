"""Double coding of Learning Plan Reviews: drawing a sample, the second coding screen, and the
disagreements queue where the two coders agree a final coding."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from warp import audit
from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES, SignedInRequest, role_required
from warp.core.forms import add_service_errors
from warp.core.words import count_of
from warp.students.access import get_second_coding_for, second_codings_visible_to
from warp.students.forms import ReviewCodingForm, ReviewSampleForm
from warp.students.models import ReviewSecondCoding, ReviewSecondCodingQuerySet
from warp.students.review_views import CODING_PAGE_SIZE, _offered_categories, coding_items
from warp.students.second_coding import review_final_agree, review_sample_draw, review_second_code


def _waiting_for(user) -> ReviewSecondCodingQuerySet:
    """Drawn reviews waiting for a second coding that this person may make (not the ones they coded first;
    not erased students', whose words are gone)."""
    return (
        second_codings_visible_to(user)
        .waiting()
        .filter(review__student__erasure__isnull=True)
        .exclude(review__coded_by=user)
    )


@role_required(*MANAGER_ROLES)
def second_coding_sample(request: SignedInRequest) -> HttpResponse:
    """Draw a random share of the coded reviews held in a period for a second coder."""
    form = ReviewSampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drawn = review_sample_draw(
                start=data["start"], end=data["end"], percent=data["percent"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if drawn.drawn:
                messages.success(
                    request,
                    f"Drew {count_of(drawn.drawn, 'review')} of {drawn.eligible} for a second coding. "
                    "They are waiting on 'Second coding'.",
                )
            else:
                messages.info(
                    request,
                    "No reviews were drawn: none held in that period is coded and waiting for a second "
                    "coding. Try a longer period.",
                )
            return redirect("students:second-coding")
    return render(request, "students/second_coding_sample.html", {"form": form})


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def second_coding(request: SignedInRequest) -> HttpResponse:
    """The drawn reviews waiting for this person's second coding, oldest first: the keyboard coding screen,
    without the first coding."""
    waiting = _waiting_for(request.user).select_related("review__student")
    # Queries: the count, the page of codings with their reviews and students, the categories, the audit.
    total = waiting.count()
    codings = list(waiting[:CODING_PAGE_SIZE])
    reviews = [coding.review for coding in codings]
    audit.record_many(
        action="view",
        model="students.LearningPlanReview",
        student_ids=[review.student_id for review in reviews],
        request=request,
        note="Second coding",
    )
    items = coding_items(reviews)
    may_draw = request.user.role in MANAGER_ROLES
    return render(
        request,
        "students/review_coding.html",
        {"items": items, "total": total, "second": True, "may_draw": may_draw},
    )


@role_required(*STUDENT_RECORD_ROLES)
def review_second_code_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Make the second coding of one drawn review (from the second coding screen)."""
    coding = get_second_coding_for(request.user, pk)
    review = coding.review
    if request.method != "POST":
        audit.record(request=request, action="view", obj=review, student_id=review.student_id)
    if coding.coded_at is not None:
        messages.info(request, f"{review.student.full_name}'s review already has its second coding.")
        return redirect("students:second-coding")
    form = ReviewCodingForm(
        request.POST if request.method == "POST" else None,
        prefix=f"review-{review.pk}",
        categories=_offered_categories(),
        student_name=review.student.full_name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_second_code(second_coding=coding, categories=form.chosen_categories(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the second coding of {review.student.full_name}'s review.")
            waiting = _waiting_for(request.user)
            following = (
                waiting.filter(
                    Q(review__review_date__gt=review.review_date)
                    | Q(review__review_date=review.review_date, review_id__gt=review.pk)
                ).first()
                or waiting.first()
            )
            url = reverse("students:second-coding")
            return redirect(f"{url}#review-{following.review_id}" if following else url)
    return render(
        request,
        "students/review_code.html",
        {"review": review, "form": form, "was_coded": False, "second": True},
    )


def _coding_labels(coding: ReviewSecondCoding) -> dict:
    """The two codings' labels (prefetched), for the disagreements queue."""
    return {
        "first": [category.label for category in coding.first_categories.all()],
        "second": [category.label for category in coding.categories.all()],
    }


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def disagreements(request: SignedInRequest) -> HttpResponse:
    """Reviews whose two codings differ, oldest first, each with both codings and a form for the final one."""
    waiting = (
        second_codings_visible_to(request.user)
        .disagreements()
        .filter(review__student__erasure__isnull=True)
        .select_related("review__student")
        .prefetch_related("first_categories", "categories")
    )
    # Queries: the count, the page (codings, reviews, students), both codings' categories, the offered
    # categories, the audit entry.
    total = waiting.count()
    codings = list(waiting[:CODING_PAGE_SIZE])
    audit.record_many(
        action="view",
        model="students.LearningPlanReview",
        student_ids=[coding.review.student_id for coding in codings],
        request=request,
        note="Coding disagreements",
    )
    categories = _offered_categories()
    items = [
        {
            "review": coding.review,
            "coding": coding,
            **_coding_labels(coding),
            "form": ReviewCodingForm(
                prefix=f"review-{coding.review_id}",
                categories=categories,
                student_name=coding.review.student.full_name,
            ),
        }
        for coding in codings
    ]
    return render(request, "students/coding_disagreements.html", {"items": items, "total": total})


@role_required(*STUDENT_RECORD_ROLES)
def review_final_agree_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """The two coders' agreed final coding of one review: it becomes the review's coding."""
    coding = get_second_coding_for(request.user, pk)
    review = coding.review
    if request.method != "POST":
        audit.record(request=request, action="view", obj=review, student_id=review.student_id)
    form = ReviewCodingForm(
        request.POST if request.method == "POST" else None,
        prefix=f"review-{review.pk}",
        categories=_offered_categories(keep=[*coding.first_categories.all(), *coding.categories.all()]),
        student_name=review.student.full_name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_final_agree(second_coding=coding, categories=form.chosen_categories(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            labels = " and ".join(category.label for category in form.chosen_categories())
            messages.success(
                request, f"Agreed: {review.student.full_name}'s review is now coded as {labels}."
            )
            return redirect("students:coding-disagreements")
    return render(
        request,
        "students/coding_agree.html",
        {"review": review, "coding": coding, "form": form, **_coding_labels(coding)},
    )
