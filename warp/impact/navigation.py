from warp.accounts.models import Role
from warp.core.navigation import NavItem

_READERS = frozenset({Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR, Role.CENTRE_MANAGER})

NAV_ITEMS = [
    NavItem("Impact log", "impact:log", _READERS, order=46, group="Teams"),
    NavItem("Co-production workshops", "impact:workshop-list", _READERS, order=47, group="Teams"),
]
