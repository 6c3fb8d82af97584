from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("Your questionnaires", "measures:mine", frozenset({Role.STUDENT}), order=65),
    NavItem(
        "Questionnaires",
        "measures:instrument-list",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR}),
        order=62,
        group="Feedback and reports",
    ),
    # Admissions tutors ask a student from the Students page; managers from Questionnaires.
    NavItem(
        "Outcomes report",
        "measures:outcomes",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.COMMISSIONER}),
        order=64,
        group="Feedback and reports",
    ),
]
