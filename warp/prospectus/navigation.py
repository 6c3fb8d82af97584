from warp.accounts.models import Role
from warp.core.navigation import NavItem

MANAGERS = frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR})

# "Prospectus" comes after each role's own work pages (lower orders), so people land on their own work.
NAV_ITEMS = [
    NavItem(
        "Prospectus", "prospectus:prospectus", frozenset(Role.values), order=50, group="Courses and terms"
    ),
    NavItem("Terms and runs", "prospectus:term-list", MANAGERS, order=60, group="Courses and terms"),
    NavItem("Courses", "prospectus:course-list", MANAGERS, order=61, group="Courses and terms"),
    NavItem("Venues", "prospectus:venue-list", MANAGERS, order=62, group="Courses and terms"),
]
