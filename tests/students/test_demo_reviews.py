import random
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import make_student
from warp.demo import DemoContext
from warp.demo import reviews as demo_reviews
from warp.students.models import LearningPlanReview
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


def _ctx(seed: int = 2012) -> DemoContext:
    return DemoContext(rng=random.Random(seed), today=timezone.localdate())


def _centre(personas, how_many: int = 120):
    today = timezone.localdate()
    for n in range(how_many):
        student = make_student(today=today - timedelta(days=100 + 5 * n))
        learning_plan_agree(
            student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="To learn."
        )
    recent = make_student(first_name="Recent")
    learning_plan_agree(student=recent, agreed_by=personas["admissions_tutor"], hopes_and_goals="To learn.")
    waiting = make_student(first_name="Waiting", today=today - timedelta(days=400))
    sam = make_student(first_name="Sam", email=personas["student"].email, user=personas["student"])
    learning_plan_agree(student=sam, agreed_by=personas["admissions_tutor"], hopes_and_goals="To learn.")
    return recent, waiting, sam


def test_demo_reviews_do_nothing_without_students():
    demo_reviews.build(_ctx())
    assert not LearningPlanReview.objects.exists()


def test_demo_reviews_look_like_the_evaluation(personas):
    recent, waiting, sam = _centre(personas)
    demo_reviews.build(_ctx())
    reviews = LearningPlanReview.objects.all()
    assert 100 <= reviews.count() <= 150
    today = timezone.localdate()
    assert not reviews.filter(review_date__gt=today).exists()
    assert not reviews.filter(review_date__lt=today - timedelta(days=731)).exists()
    assert not reviews.filter(student__in=[recent, waiting]).exists()  # too new, or no plan yet
    assert LearningPlanReview.objects.uncoded().count() == 12
    coded = reviews.filter(coded_at__isnull=False).prefetch_related("categories")
    counts = Counter(category.code for review in coded for category in review.categories.all())
    share_no_change = counts["no-change"] / coded.count()
    assert 0.08 <= share_no_change <= 0.3
    assert counts["self-management"] > counts["employment"] and counts["acceptance-hope"] > counts["empathy"]
    assert all(1 <= len(review.categories.all()) <= 2 for review in coded)
    assert 0.35 <= reviews.filter(quote_consent=True).count() / reviews.count() <= 0.65
    sams = list(sam.reviews.all())
    assert len(sams) == 1 and sams[0].is_coded


def test_demo_reviews_are_the_same_every_time(personas):
    _centre(personas, how_many=30)

    def snapshot():
        return list(
            LearningPlanReview.objects.order_by("pk").values_list(
                "student_id", "review_date", "changes", "quote_consent", "coded_by_id", "next_steps"
            )
        )

    with transaction.atomic():
        demo_reviews.build(_ctx())
        first = snapshot()
        transaction.set_rollback(True)
    demo_reviews.build(_ctx())
    assert snapshot() == first and first
