from warp.accounts.models import Role
from warp.core.navigation import NavItem

_READERS = frozenset({Role.PARTNERSHIP_LEAD, Role.CENTRE_MANAGER, Role.ADMINISTRATOR})

NAV_ITEMS = [
    NavItem("Quote library", "quotes:library", _READERS, order=62, group="Feedback and reports"),
]
