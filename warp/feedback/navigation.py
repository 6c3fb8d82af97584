from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("Give feedback", "feedback:give-list", frozenset({Role.STUDENT}), order=60),
    NavItem("Feedback", "feedback:run-list", frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR}), order=60),
]
