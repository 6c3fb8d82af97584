"""Learning Plan Reviews: the outcome categories, recording and coding a review, and the coding rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import category, make_review, make_student
from warp.students.models import LearningPlanReview, OutcomeCategory
from warp.students.seed import OUTCOME_CATEGORIES
from warp.students.services import review_code, review_record

pytestmark = pytest.mark.django_db


def test_the_eleven_outcome_categories_are_seeded_in_the_reports_order():
    categories = list(OutcomeCategory.objects.all())
    assert [c.code for c in categories] == [code for code, _ in OUTCOME_CATEGORIES]
    assert categories[0].label == "Improve self-management"
    assert [c.code for c in categories if c.is_no_change] == ["no-change"]
    assert all(c.is_active for c in categories)


def test_only_one_category_can_be_the_no_change_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeCategory.objects.create(code="nothing", label="Nothing", is_no_change=True)


def test_recording_a_review_with_categories_codes_it_at_once(personas):
    tutor = personas["admissions_tutor"]
    review = make_review(make_student(), held_by=tutor, categories=("self-management", "empathy"))
    assert review.is_coded and review.coded_by == tutor and review.held_by == tutor
    assert set(review.categories.values_list("code", flat=True)) == {"self-management", "empathy"}


def test_a_review_recorded_without_categories_waits_to_be_coded():
    review = make_review(make_student())
    assert not review.is_coded and review.coded_by is None
    assert list(LearningPlanReview.objects.uncoded()) == [review]


def test_the_students_words_are_kept_as_they_said_them():
    review = make_review(make_student(), changes="  I'm not scared of the bus\nany more.  ")
    assert review.changes == "I'm not scared of the bus\nany more."


def test_three_categories_are_refused_kindly_and_nothing_is_saved():
    with pytest.raises(ValidationError) as raised:
        make_review(make_student(), categories=("self-management", "empathy", "employment"))
    assert "at most 2" in raised.value.message_dict["categories"][0]
    assert not LearningPlanReview.objects.exists()


def test_no_change_cannot_be_combined_with_another_category():
    with pytest.raises(ValidationError) as raised:
        make_review(make_student(), categories=("no-change", "empathy"))
    assert "'No change' cannot be combined" in raised.value.message_dict["categories"][0]
    assert not LearningPlanReview.objects.exists()


def test_no_change_on_its_own_is_fine():
    review = make_review(make_student(), categories=("no-change",))
    assert [c.code for c in review.categories.all()] == ["no-change"]


def test_a_review_date_in_the_future_or_an_empty_answer_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        make_review(make_student(), review_date=tomorrow, changes="  ")
    assert set(raised.value.message_dict) == {"review_date", "changes"}


def test_recoding_replaces_the_categories_and_records_who_and_when(personas):
    review = make_review(make_student(), held_by=personas["admissions_tutor"], categories=("self-esteem",))
    first_coded_at = review.coded_at
    review_code(review=review, categories=[category("employment")], by=personas["centre_manager"])
    review.refresh_from_db()
    assert [c.code for c in review.categories.all()] == ["employment"]
    assert review.coded_by == personas["centre_manager"] and review.coded_at >= first_coded_at


def test_coding_needs_at_least_one_category():
    review = make_review(make_student())
    with pytest.raises(ValidationError) as raised:
        review_code(review=review, categories=[], by=None)
    assert "No change" in raised.value.message_dict["categories"][0]
    review.refresh_from_db()
    assert not review.is_coded


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(codes=st.sets(st.sampled_from([code for code, _ in OUTCOME_CATEGORIES])))
def test_coding_accepts_exactly_one_or_two_categories_with_no_change_alone(codes):
    with transaction.atomic():
        review = make_review(make_student())
        allowed = 1 <= len(codes) <= 2 and not ("no-change" in codes and len(codes) > 1)
        try:
            review_code(review=review, categories=[category(code) for code in codes], by=None)
        except ValidationError:
            assert not allowed, codes
            review.refresh_from_db()
            assert not review.is_coded and not review.categories.exists()
        else:
            assert allowed, codes
            assert set(review.categories.values_list("code", flat=True)) == codes
        transaction.set_rollback(True)


def test_uncoded_reviews_come_oldest_first_and_coded_ones_drop_out():
    student = make_student()
    newer = make_review(student, review_date=date(2024, 6, 1))
    older = make_review(student, review_date=date(2023, 1, 9))
    coded = make_review(student, review_date=date(2022, 1, 1), categories=("empathy",))
    assert list(LearningPlanReview.objects.uncoded()) == [older, newer]
    assert coded not in LearningPlanReview.objects.uncoded()


def test_quotable_reviews_are_those_with_consent():
    student = make_student()
    yes = make_review(student, quote_consent=True)
    make_review(student, quote_consent=False)
    assert list(LearningPlanReview.objects.quotable()) == [yes]


def test_retiring_a_category_keeps_it_on_reviews_already_coded():
    """Retiring a category (is_active off) keeps it on the reviews already coded with it."""
    review = make_review(make_student(), categories=("peer-support-group",))
    OutcomeCategory.objects.filter(code="peer-support-group").update(is_active=False)
    assert [c.code for c in review.categories.all()] == ["peer-support-group"]


def test_review_record_takes_category_ids_too():
    review = review_record(
        student=make_student(),
        review_date=date(2024, 1, 2),
        changes="I feel more hopeful.",
        held_by=None,
        categories=[category("acceptance-hope").pk],
    )
    assert [c.code for c in review.categories.all()] == ["acceptance-hope"]
