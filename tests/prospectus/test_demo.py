import random
from datetime import date

import pytest
from django.db.models import Count
from django.utils import timezone

from warp.accounts.models import TrainerKind
from warp.demo import DemoContext
from warp.demo import accounts as demo_accounts
from warp.demo import prospectus as demo_prospectus
from warp.prospectus.models import Course, CourseRun, RunStatus, Session, Term


def _build(today: date) -> DemoContext:
    ctx = DemoContext(rng=random.Random(2012), today=today)
    demo_accounts.build(ctx)
    demo_prospectus.build(ctx)
    return ctx


@pytest.mark.django_db
def test_demo_term_plan_has_three_terms_of_co_delivered_published_runs():
    today = timezone.localdate()
    ctx = _build(today)
    previous, current, following = ctx.store["terms"]
    assert current.starts_on <= today <= current.ends_on
    assert previous.ends_on < current.starts_on < following.starts_on
    assert Course.objects.count() == 31  # no skills-workshop courses: the demo's workshops are outreach's own
    for term in (previous, current, following):
        sessions = Session.objects.filter(course_run__term=term)
        assert 135 <= sessions.count() <= 150, term
        assert not sessions.filter(date__lt=term.starts_on).exists()
        assert not sessions.filter(date__gt=term.ends_on).exists()
        assert not sessions.filter(date__iso_week_day__gt=5).exists()
    runs = CourseRun.objects.all()
    assert set(runs.values_list("status", flat=True)) == {RunStatus.PUBLISHED}
    assert len(ctx.store["runs"]) == runs.count()
    for kind in (TrainerKind.PEER, TrainerKind.PROFESSIONAL):
        with_kind = runs.filter(run_trainers__trainer__trainer_kind=kind).distinct().count()
        assert with_kind == runs.count(), kind
    assert not runs.annotate(n=Count("sessions")).filter(n=0).exists()
    now = timezone.now()
    next_runs = runs.filter(term=following)
    assert not next_runs.exclude(booking_opens_at__lte=now).exists()
    assert not next_runs.exclude(booking_closes_at__gt=now).exists()


@pytest.mark.django_db
def test_demo_term_plan_is_the_same_every_time():
    first = _build(date(2026, 11, 26))
    plan = list(
        Session.objects.order_by("course_run__course__title", "date", "starts_at").values_list(
            "date", "starts_at"
        )
    )
    assert len(first.store["runs"]) > 30
    Session.objects.all().delete()
    CourseRun.objects.all().delete()
    Term.objects.all().delete()
    Course.objects.all().delete()
    from warp.accounts.models import User
    from warp.prospectus.models import Venue

    Venue.objects.all().delete()
    User.objects.all().delete()
    _build(date(2026, 11, 26))
    again = list(
        Session.objects.order_by("course_run__course__title", "date", "starts_at").values_list(
            "date", "starts_at"
        )
    )
    assert plan == again
