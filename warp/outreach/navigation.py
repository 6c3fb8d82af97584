from warp.core.navigation import NavItem
from warp.outreach.access import ACTIVITY_KEEPERS, WORKSHOP_RECORDERS

NAV_ITEMS = [
    NavItem("Skills workshops", "outreach:workshops", frozenset(WORKSHOP_RECORDERS), order=46, group="Teams"),
    NavItem(
        "Open-access groups", "outreach:activities", frozenset(ACTIVITY_KEEPERS), order=47, group="Teams"
    ),
]
