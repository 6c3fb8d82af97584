"""A draft partnership report for the demo centre's last two years: every section, and the lead's words,
all invented here. Left as a draft, so its figures follow the demo's records until someone publishes it."""

from datetime import timedelta

from warp.accounts.models import User
from warp.partnership import services
from warp.partnership.sections import SECTION_KEYS

WORDS = {
    "foreword": (
        "Two years ago we said we would learn alongside the people who use our services, not only teach "
        "them. This report is our account of how far we have come, and of where we still fall short.\n\n"
        "Thank you to every student, trainer, carer and team who gave their time and their honesty."
    ),
    "summary": (
        "More people than ever came to the college, and more of them finished what they started. Peer and "
        "professional trainers now plan every course together, and wards ask us for workshops before we "
        "offer them.\n\n"
        "We also heard, clearly, that evening courses and better travel help would let more carers join us."
    ),
    "vision": (
        "A place where anyone touched by mental ill health can learn, meet others and plan their own "
        "recovery, and where services change because of what they learn from them."
    ),
    "introduction": (
        "This report follows the partnership's strategy. Each section's figures come from the college's "
        "own records; the notes beside them are ours."
    ),
    "college": "The college grew steadily across both years, with most new students joining in the autumn.",
    "evaluation": (
        "Feedback stays warm. Where students told us a course did not suit them, we have changed the course "
        "rather than the student."
    ),
    "teams": "Teams that took part in TRIP twice moved forward on nearly every criterion.",
    "recommendations": (
        "Run at least one course each term in the evening.\n\n"
        "Offer every ward a second round of skills workshops within six months of the first.\n\n"
        "Ask carers to help design the next carers' course from the start."
    ),
}


def build(ctx) -> None:
    end = ctx.today
    start = end.replace(year=end.year - 2, day=min(end.day, 28)) + timedelta(days=1)
    services.edition_create(
        title=f"Partnership report {start.year} to {end.year} (draft)",
        start=start,
        end=end,
        sections=SECTION_KEYS,
        words=WORDS,
        created_by=User.objects.filter(email="partnership.lead@example.org").first(),
    )
