from warp.accounts.models import Role
from warp.core.navigation import NavItem

_MANAGERS = frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR})

NAV_ITEMS = [
    NavItem("Your bookings", "bookings:portal", frozenset({Role.STUDENT}), order=10),
    NavItem("Your sessions", "bookings:trainer-sessions", frozenset({Role.TRAINER}), order=10),
    NavItem("Term dashboard", "bookings:term-dashboard", _MANAGERS, order=30, group="Bookings and registers"),
    NavItem(
        "Registers not taken",
        "bookings:registers-not-taken",
        _MANAGERS,
        order=31,
        group="Bookings and registers",
    ),
    NavItem(
        "The emails we send", "bookings:message-previews", _MANAGERS, order=61, group="Bookings and registers"
    ),
    NavItem(
        "People to contact",
        "bookings:contact-list",
        frozenset({Role.ADMISSIONS_TUTOR, Role.CENTRE_MANAGER, Role.ADMINISTRATOR}),
        order=60,
        group="Bookings and registers",
    ),
]
