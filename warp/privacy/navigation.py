from warp.accounts.models import Role
from warp.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "Data requests",
        "privacy:request-list",
        frozenset({Role.ADMINISTRATOR, Role.CENTRE_MANAGER}),
        order=85,
        group="Privacy and access",
    ),
    NavItem(
        "Audit log",
        "privacy:audit-log",
        frozenset({Role.ADMINISTRATOR}),
        order=86,
        group="Privacy and access",
    ),
]
