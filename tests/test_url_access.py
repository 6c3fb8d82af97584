"""Every URL, for every role plus an anonymous visitor, gives the answer the table expects."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.personas import sign_in_fully
from tests.students.factories import make_student
from tests.url_access import LOGIN, REDIRECT, Route
from warp.accounts.access import ACCESS_ATTRIBUTE
from warp.students.services import learning_plan_agree

SKIPPED_NAMESPACES = {"admin"}  # Django's own admin: checked separately below


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def all_patterns() -> dict[str, URLPattern]:
    return dict(_walk(get_resolver().url_patterns))


def _table_modules():
    base = Path(tests.__file__).parent
    for info in pkgutil.iter_modules([str(base)]):
        if info.ispkg and (base / info.name / "url_access.py").exists():
            yield importlib.import_module(f"tests.{info.name}.url_access")


def load_table() -> tuple[dict[str, Route], list]:
    routes: dict[str, Route] = {}
    builders = []
    for module in _table_modules():
        for name, entry in module.ROUTES.items():
            assert name not in routes, f"{name} appears in two URL tables"
            routes[name] = entry
        if hasattr(module, "world"):
            builders.append(module.world)
    return routes, builders


ROUTES, WORLD_BUILDERS = load_table()


def test_every_url_pattern_has_an_entry_in_the_table():
    patterns = all_patterns()
    unnamed = [str(p.pattern) for name, p in patterns.items() if name.endswith("None")]
    assert not unnamed, f"Give these URL patterns a name: {unnamed}"
    missing = sorted(set(patterns) - set(ROUTES))
    assert not missing, f"Add these URLs to tests/<app>/url_access.py: {missing}"
    stale = sorted(set(ROUTES) - set(patterns))
    assert not stale, f"These table entries name URLs that no longer exist: {stale}"


def test_every_view_states_who_may_use_it():
    unstated = [name for name, p in all_patterns().items() if not hasattr(p.callback, ACCESS_ATTRIBUTE)]
    assert not unstated, f"Wrap these views in public/signed_in/role_required: {unstated}"


@pytest.fixture
def world(personas):
    return build_world(personas)


def build_world(personas) -> dict:
    """Records the URLs point at. Shared first: Sam, the `student` persona's own active student record;
    then each app's world(built) adds its own, seeing what earlier ones made."""
    sam = make_student(
        first_name="Sam", last_name="Rivers", email=personas["student"].email, user=personas["student"]
    )
    learning_plan_agree(
        student=sam, agreed_by=personas["admissions_tutor"], hopes_and_goals="To feel more confident."
    )
    built = {"personas": personas, "sam": sam}
    for builder in WORLD_BUILDERS:
        built.update(builder(built) or {})
    return built


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_url_gives_each_role_the_expected_answer(name, world, client, personas):
    entry = ROUTES[name]
    url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None) + entry.query
    login_url = reverse("accounts:login")
    wrong = []
    for role, expected in entry.expect.items():
        client.logout()
        if role != "anonymous":
            sign_in_fully(client, personas[role])
        response = client.get(url)
        status = response.status_code
        if expected == LOGIN:
            ok = status == 302 and response["Location"].startswith(login_url)
        elif expected == REDIRECT:
            ok = status == 302 and not response["Location"].startswith(login_url)
        else:
            ok = status == expected
        if not ok:
            where = f" -> {response['Location']}" if status in (301, 302) else ""
            wrong.append(f"{role}: expected {expected}, got {status}{where}")
    assert not wrong, f"{url}\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_admin_site_is_only_for_administrators(client, personas):
    for key, user in personas.items():
        sign_in_fully(client, user)
        response = client.get(reverse("admin:index"))
        expected = 200 if key == "administrator" else 302
        assert response.status_code == expected, key
