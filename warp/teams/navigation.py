from warp.accounts.models import Role
from warp.core.navigation import NavItem

_LEAD = Role.TEAM_LEAD
_ALL = frozenset({Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR})

NAV_ITEMS = [
    NavItem("Your teams", "teams:team-list", frozenset({_LEAD}), order=40, group="Teams"),
    NavItem("Teams", "teams:team-list", _ALL, order=40, group="Teams"),
    # Centre managers may read the teams' pages; later in their menu, after their own work.
    NavItem("Teams", "teams:team-list", frozenset({Role.CENTRE_MANAGER}), order=90, group="Teams"),
    NavItem("TRIP reviews due", "teams:reviews-due", frozenset({_LEAD}) | _ALL, order=41, group="Teams"),
    NavItem("Work register", "teams:register", _ALL, order=42, group="Teams"),
    NavItem("Triangle of Care", "teams:care-summary", _ALL, order=43, group="Teams"),
    NavItem("Carers' priorities", "teams:carers", _ALL, order=44, group="Teams"),
    NavItem("Strategy", "teams:strategy", _ALL, order=45, group="Teams"),
    NavItem("Team summaries", "teams:summaries", frozenset({Role.COMMISSIONER}), order=40, group="Teams"),
]
