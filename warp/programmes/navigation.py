from warp.accounts.models import STAFF_ROLES, Role
from warp.core.navigation import NavItem

_ALL = frozenset({Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR})
_READ = _ALL | {Role.CENTRE_MANAGER}

NAV_ITEMS = [
    NavItem("Peer workforce", "programmes:workforce", _ALL | {Role.TEAM_LEAD}, order=46, group="Teams"),
    NavItem(
        "Peer workforce", "programmes:workforce", frozenset({Role.CENTRE_MANAGER}), order=91, group="Teams"
    ),
    NavItem("Mentoring", "programmes:mentoring", _ALL, order=47, group="Teams"),
    NavItem("Mentoring", "programmes:mentoring", frozenset({Role.CENTRE_MANAGER}), order=92, group="Teams"),
    NavItem("Awards", "programmes:awards", _ALL, order=48, group="Teams"),
    NavItem("Awards", "programmes:awards", frozenset({Role.CENTRE_MANAGER}), order=93, group="Teams"),
    NavItem("Staff network", "programmes:network", frozenset(STAFF_ROLES), order=95, group="Teams"),
]
