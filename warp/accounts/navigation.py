from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "Access review",
        "accounts:access-review",
        frozenset({Role.ADMINISTRATOR}),
        order=200,
        group="Privacy and access",
    ),
]
