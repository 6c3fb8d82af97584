from django.urls import reverse

from warp.core import navigation
from warp.core.navigation import NavItem


def test_menu_shows_only_the_items_for_the_persons_role(monkeypatch, personas):
    items = [
        NavItem("Your record", "accounts:profile", frozenset({"student"}), order=1),
        NavItem("Accessibility", "core:accessibility", frozenset({"student", "centre_manager"}), order=2),
    ]
    monkeypatch.setattr(navigation, "_all_items", lambda: items)
    assert [i["label"] for i in navigation.items_for(personas["student"])] == ["Your record", "Accessibility"]
    assert [i["label"] for i in navigation.items_for(personas["centre_manager"])] == ["Accessibility"]
    assert navigation.items_for(personas["commissioner"]) == []
    assert personas["centre_manager"].start_url() == reverse("core:accessibility")


def test_anonymous_visitors_get_no_menu(client_for):
    anonymous = client_for("anonymous").get(reverse("core:home")).content.decode()
    assert 'aria-label="Main menu"' not in anonymous


def test_pages_have_one_main_heading_and_a_skip_link(client_for):
    page = client_for("anonymous").get(reverse("core:home")).content.decode()
    assert page.count("<h1") == 1
    assert 'href="#maincontent"' in page and 'id="maincontent"' in page


def test_pages_name_an_icon_that_the_static_files_hold(client_for):
    import re

    from django.contrib.staticfiles import finders

    page = client_for("anonymous").get(reverse("core:home")).content.decode()
    found = re.search(r'<link rel="icon" href="/static/([^"]+)"', page)
    assert found, "the base template should link a favicon"
    assert finders.find(found.group(1)), f"{found.group(1)} is not among the static files"
