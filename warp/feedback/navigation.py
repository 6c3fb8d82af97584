from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("Give feedback", "feedback:give-list", frozenset({Role.STUDENT}), order=60),
    # Trainers see the feedback on the runs they co-deliver (and make links, type paper forms) there.
    NavItem("Feedback", "feedback:run-list", frozenset({Role.TRAINER}), order=20),
    NavItem(
        "Feedback",
        "feedback:run-list",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR}),
        order=60,
        group="Feedback and reports",
    ),
]
