from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "Services and unit costs",
        "service_use:service-list",
        frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR}),
        order=63,
        group="Feedback and reports",
    ),
]
