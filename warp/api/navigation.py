from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "API tokens",
        "api:token-list",
        frozenset({Role.ADMINISTRATOR}),
        order=210,
        group="Privacy and access",
    ),
]
