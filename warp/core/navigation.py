"""Navigation that follows the role.

Each app lists its own entries in `<app>/navigation.py` as NAV_ITEMS; this module gathers them, so an
app adds a page to the menu without touching anyone else's code.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100


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


def items_for(user) -> list[dict[str, str]]:
    if not user.is_authenticated:
        return []
    role = user.role
    return [
        {"label": item.label, "url": reverse(item.url_name)} for item in _all_items() if role in item.roles
    ]
