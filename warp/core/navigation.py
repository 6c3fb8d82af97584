"""Navigation that follows the role.

Each app lists its own entries in `<app>/navigation.py` as NAV_ITEMS; this module gathers them, so an
app adds a page to the menu without touching anyone else's code.

A menu of more than MAX_TOP_LEVEL entries (a centre manager's, an administrator's) is grouped by task:
each entry names its `group` (one of GROUPS), and the groups become the top level, each opening to its
pages (an HTML <details>, so it works without JavaScript). A group holding one page for a role shows that
page directly. Give every new entry a group, or a long menu breaks the phone's first screen (a test says so).
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse

# At most this many entries at the top of a menu: more do not fit a phone's first screen.
MAX_TOP_LEVEL = 7

# The tasks a long menu is grouped by, in the order they are shown.
GROUPS = (
    "Students",
    "Courses and terms",
    "Bookings and registers",
    "Feedback and reports",
    "Teams",
    "Privacy and access",
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    group: str = ""  # one of GROUPS: where the entry goes when the menu is grouped by task

    def __post_init__(self):
        if self.group and self.group not in GROUPS:
            raise ValueError(f"{self.label!r}: unknown menu group {self.group!r}; use one of {GROUPS}")


def _all_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("warp."):
            continue
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    return sorted(items, key=lambda item: (item.order, item.label))


def _items(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = user.role
    return [item for item in _all_items() if role in item.roles]


def items_for(user) -> list[dict[str, str]]:
    """Every page in this person's menu, in order, as {"label", "url"}."""
    return [{"label": item.label, "url": reverse(item.url_name)} for item in _items(user)]


def menu_for(user) -> list[dict]:
    """The menu as shown: entries {"label", "url"} and, for a long menu, groups {"label", "pages"}."""
    items = _items(user)
    entries = [{"label": item.label, "url": reverse(item.url_name), "group": item.group} for item in items]
    if len(entries) <= MAX_TOP_LEVEL:
        return [{"label": e["label"], "url": e["url"]} for e in entries]
    grouped: dict[str, list[dict]] = {}
    menu: list[dict] = []
    for entry in entries:
        link = {"label": entry["label"], "url": entry["url"]}
        if not entry["group"]:
            menu.append(link)
        elif entry["group"] not in grouped:
            grouped[entry["group"]] = [link]
            menu.append({"label": entry["group"], "pages": grouped[entry["group"]]})
        else:
            grouped[entry["group"]].append(link)
    # Groups in GROUPS order after any ungrouped pages; a group of one page is that page.
    ungrouped = [m for m in menu if "url" in m]
    groups = sorted((m for m in menu if "pages" in m), key=lambda m: GROUPS.index(m["label"]))
    return ungrouped + [g if len(g["pages"]) > 1 else g["pages"][0] for g in groups]
