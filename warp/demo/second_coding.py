"""Double coding at the demo centre: about a fifth of the coded reviews of the last two years drawn for a
second coding; most coded a second time by someone other than the first coder, agreeing about three times
in four; some disagreements already agreed, a few waiting on 'Coding disagreements', and a few drawn
reviews still waiting on 'Second coding'. Runs after the reviews part (and does nothing without it)."""

from datetime import timedelta

from warp.accounts.models import Role, User
from warp.students.models import OutcomeCategory, ReviewSecondCoding
from warp.students.second_coding import review_final_agree, review_sample_draw, review_second_code

PERCENT = 20
WAITING = 3  # drawn, not yet coded a second time
SHARE_SAME = 0.75
SHARE_AGREED = 0.5  # of the disagreements, those already talked through


def _differently(
    rng, first: list[OutcomeCategory], categories: list[OutcomeCategory]
) -> list[OutcomeCategory]:
    """A plausible different coding: one of the first coder's categories swapped for another (never
    'No change' beside another category)."""
    others = [c for c in categories if c not in first and not c.is_no_change]
    if any(c.is_no_change for c in first) or not others:
        return [rng.choice(others or categories)]
    kept = [c for c in first if c is not first[0]]
    return [*kept, rng.choice(others)]


def build(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    manager = User.objects.filter(role=Role.CENTRE_MANAGER, is_active=True).order_by("pk").first()
    coders = list(
        User.objects.filter(role__in=[Role.ADMISSIONS_TUTOR, Role.CENTRE_MANAGER], is_active=True).order_by(
            "pk"
        )
    )
    if manager is None or len(coders) < 2:
        return
    review_sample_draw(start=today - timedelta(days=730), end=today, percent=PERCENT, by=manager, chooser=rng)
    categories = list(OutcomeCategory.objects.filter(is_active=True))
    drawn = list(
        ReviewSecondCoding.objects.select_related("review")
        .prefetch_related("review__categories")
        .order_by("review__review_date", "pk")
    )
    for coding in drawn[: max(len(drawn) - WAITING, 0)]:
        review = coding.review
        first = list(review.categories.all())
        second = first if rng.random() < SHARE_SAME else _differently(rng, first, categories)
        coder = rng.choice([user for user in coders if user.pk != review.coded_by_id])
        review_second_code(second_coding=coding, categories=second, by=coder)
        if set(second) != set(first) and rng.random() < SHARE_AGREED:
            review_final_agree(second_coding=coding, categories=rng.choice([first, second]), by=manager)
    ctx.store["second_codings"] = len(drawn)
