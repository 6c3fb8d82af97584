from warp.accounts.models import Role
from warp.core.navigation import NavItem

_READERS = frozenset({Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR, Role.CENTRE_MANAGER, Role.COMMISSIONER})

NAV_ITEMS = [
    NavItem(
        "Partnership report", "partnership:edition-list", _READERS, order=63, group="Feedback and reports"
    ),
]
