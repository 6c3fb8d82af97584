from warp.accounts.models import Role
from warp.core.navigation import NavItem

_COORDINATOR = frozenset({Role.NETWORK_COORDINATOR})
_MANAGERS = frozenset({Role.CENTRE_MANAGER, Role.ADMINISTRATOR})

NAV_ITEMS = [
    NavItem("Network report", "network:report", _COORDINATOR, order=10),
    NavItem("Trusted centres", "network:trust", _COORDINATOR, order=11),
    NavItem("Import a bundle", "network:import", _COORDINATOR, order=12),
    NavItem("Network report", "network:report", _MANAGERS, order=65, group="Feedback and reports"),
    NavItem(
        "Share figures with the network", "network:export", _MANAGERS, order=66, group="Feedback and reports"
    ),
    NavItem(
        "Fidelity self-assessment", "network:fidelity", _MANAGERS, order=67, group="Feedback and reports"
    ),
]
