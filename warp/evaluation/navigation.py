from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "Evaluation report",
        "evaluation:report",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.PARTNERSHIP_LEAD, Role.COMMISSIONER}),
        order=60,
        group="Feedback and reports",
    ),
    NavItem(
        "Term reports",
        "evaluation:term-list",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR}),
        order=61,
        group="Feedback and reports",
    ),
    NavItem(
        "Service use report",
        "evaluation:service-use",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.COMMISSIONER}),
        order=62,
        group="Feedback and reports",
    ),
]
