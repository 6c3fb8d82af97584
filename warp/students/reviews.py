"""The rules for coding a Learning Plan Review into outcome categories, in one place.

Used by the services (recording and coding a review) and by the review import, so a rule cannot be
skipped on one of the ways in.
"""

from collections.abc import Sequence

from warp.students.models import OutcomeCategory

MAX_CATEGORIES = 2


def category_problem(categories: Sequence[OutcomeCategory]) -> str:
    """What is wrong with coding a review into these categories, in words for the person coding; "" if fine.

    At most two categories, and "No change" on its own. An empty list is fine here (not coded yet).
    """
    distinct = {category.pk: category for category in categories}.values()
    if len(distinct) > MAX_CATEGORIES:
        return (
            f"Choose at most {MAX_CATEGORIES} categories: the ones that best fit what they said. "
            f"You chose {len(distinct)}."
        )
    if len(distinct) > 1 and any(category.is_no_change for category in distinct):
        no_change = next(category.label for category in distinct if category.is_no_change)
        return f"'{no_change}' cannot be combined with another category. Untick one of them."
    return ""
