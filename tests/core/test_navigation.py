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


def test_every_roles_menu_has_at_most_seven_entries_at_the_top(personas):
    from warp.core.navigation import MAX_TOP_LEVEL, menu_for

    for key, user in personas.items():
        menu = menu_for(user)
        assert len(menu) <= MAX_TOP_LEVEL, f"{key}'s menu has {len(menu)} entries: give the new ones a group"
        shown = [e["url"] for e in menu if "url" in e] + [i["url"] for e in menu for i in e.get("pages", [])]
        assert sorted(shown) == sorted(i["url"] for i in navigation.items_for(user)), key


def test_managers_and_administrators_get_a_menu_grouped_by_task_that_opens_without_javascript(client_for):
    import re

    for key in ["centre_manager", "administrator"]:
        page = client_for(key).get(reverse("prospectus:term-list")).content.decode()
        nav = re.search(r'<nav class="warp-nav" aria-label="Main menu">.*?</nav>', page, re.S).group(0)
        groups = re.findall(r'<summary class="warp-nav__link warp-nav__summary">([^<]+)</summary>', nav)
        assert {"Students", "Courses and terms", "Feedback and reports"} <= set(groups), key
        top_level = re.sub(r"<details.*?</details>", "<details></details>", nav, flags=re.S)
        assert 2 <= top_level.count("<li") <= 7, key
        assert nav.count("<details") == len(groups)
        # Every page of the menu is still a plain link inside its group.
        assert (
            f'href="{reverse("prospectus:venue-list")}"' in nav
            and f'href="{reverse("evaluation:report")}"' in nav
        )


def test_short_menus_stay_flat(personas):
    from warp.core.navigation import menu_for

    for key in ["student", "peer_trainer", "admissions_tutor"]:
        assert all("url" in entry for entry in menu_for(personas[key])), key
