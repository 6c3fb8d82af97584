"""Every URL, for every role plus an anonymous visitor, gives the answer the table expects."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.factories import make_student
from tests.personas import PERSONAS, give_role, make_personas, sign_in_fully
from tests.url_access import (
    ACTION,
    FORBIDDEN,
    FORM,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    READS,
    REDIRECT,
    UNAUTHORIZED,
    Route,
)
from warp.accounts.access import ACCESS_ATTRIBUTE
from warp.accounts.models import mfa_required_for
from warp.api.services import api_token_create
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
PATTERNS = all_patterns()


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


def records_built_once(django_db_blocker):
    """For a module-scoped fixture: the table's records, built once for the module (building them for each
    of this module's 600-odd tests was two fifths of the whole suite's time) inside a transaction rolled
    back afterwards; each test runs in its own savepoint as usual, so what one test's requests change is
    gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(make_personas())
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def built_once(django_db_setup, django_db_blocker):
    yield from records_built_once(django_db_blocker)


@pytest.fixture
def world(built_once, db):
    """The shared records, with each person read afresh: a test may give a persona a second role, and
    the rollback puts back their row but not the object in memory."""
    personas = {key: type(user).objects.get(pk=user.pk) for key, user in built_once["personas"].items()}
    return {**built_once, "personas": personas}


@pytest.fixture
def personas(world):
    return world["personas"]


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
        made = builder(built) or {}
        # Two apps' worlds naming a record alike would send one app's URLs to the other's record (a pk
        # that happens to exist on SQLite, not on PostgreSQL): each name is made once.
        clash = sorted(set(made) & set(built))
        assert not clash, f"{builder.__module__} names records already named: {clash}"
        built.update(made)
    return built


def test_every_url_states_which_methods_it_takes():
    unstated = sorted(name for name, entry in ROUTES.items() if entry.methods not in (READS, FORM, ACTION))
    assert not unstated, (
        f"Say methods=READS, FORM or ACTION for these URLs in tests/<app>/url_access.py: {unstated}"
    )
    # A POST-only URL answers GET with 405 for everyone it lets in; any other URL never does.
    muddled = sorted(
        name
        for name, entry in ROUTES.items()
        if any(
            (entry.methods == ACTION) != (answer == NOT_ALLOWED)
            for answer in entry.expect.values()
            if answer not in REFUSALS
        )
    )
    assert not muddled, f"GET answers disagree with methods= for: {muddled}"


OTHER_METHODS = ("PUT", "PATCH", "DELETE")
REFUSALS = (LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND)
ANSWERED = "answered"  # an allowed POST: any answer but an error, a refusal or 405
# Rows every signed-in request may write: the session and its "last seen" time.
BOOKKEEPING_TABLES = {"django_session", "accounts_usersession"}
# And every API request with a token: when the token was last used, and the audit entry for the use.
TOKEN_BOOKKEEPING_TABLES = {"api_apitoken", "audit_auditentry"}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _refused_at_the_door(name: str, answer) -> bool:
    """Whether the access decorator itself gives this refusal, before anything else is looked at. A 404
    (someone else's record, no student record) comes from the view's getters, and so does a public view's
    sign-in redirect: a method the view does not take is refused with 405 before they run."""
    access = getattr(PATTERNS[name].callback, ACCESS_ATTRIBUTE)
    if answer == LOGIN:
        return access != "public"
    if answer == UNAUTHORIZED:  # the API's token check comes before anything else
        return True
    return answer == FORBIDDEN and access.startswith(("roles", "token roles"))


def _expected(name: str, role: str, method: str):
    entry = ROUTES[name]
    on_get = entry.expect[role]
    if method == "GET":
        return on_get
    if method == "POST" and role in entry.post:
        return entry.post[role]
    assert entry.methods is not None
    taken = method in entry.methods
    if on_get in REFUSALS and (taken or _refused_at_the_door(name, on_get)):
        return on_get
    return ANSWERED if taken else NOT_ALLOWED


def _answer_fits(response, expected, login_url: str) -> bool:
    status = response.status_code
    to_login = status == 302 and response["Location"].startswith(login_url)
    if expected == LOGIN:
        return to_login
    if expected == REDIRECT:
        return status == 302 and not to_login
    if expected == ANSWERED:
        return status < 500 and status not in (FORBIDDEN, NOT_ALLOWED) and not to_login
    return status == expected


def _writes(queries, *, token: bool = False) -> list[str]:
    """Statements that changed a table other than the session bookkeeping (and a token's, for the API)."""
    allowed = BOOKKEEPING_TABLES | (TOKEN_BOOKKEEPING_TABLES if token else set())
    found = []
    for query in queries:
        match = _WRITE.match(query["sql"])
        if match and match.group(1) not in allowed:
            found.append(query["sql"][:160])
    return found


def _send(client: Client, method: str, url: str):
    return getattr(client, method.lower())(url)


def _client_for(entry: Route, role: str, user, *, acting: str | None = None) -> Client:
    """A client as this role: signed in (a page), or carrying a bearer token made for them (the API).
    An anonymous visitor is neither."""
    if user is None:
        return Client()
    if entry.token:
        _token, plain = api_token_create(user=user, name="URL table", days=1, by=None)
        return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return sign_in_fully(Client(), user, acting=acting)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_url_gives_each_role_the_expected_answer_to_every_method(name, world, personas):
    """GET as the table says; then PUT, PATCH or DELETE, and POST: a role refused on GET gets the same refusal
    (405 instead of a view's own 404 for a method it does not take), an allowed role 405 for a method the
    view does not take, and no refused request writes anything. POSTs that may change things come last."""
    entry = ROUTES[name]
    url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None) + entry.query
    login_url = reverse("accounts:login")
    clients = {role: _client_for(entry, role, personas.get(role)) for role in entry.expect}
    refused_posts = [role for role in entry.expect if _expected(name, role, "POST") != ANSWERED]
    allowed_posts = [role for role in entry.expect if role not in refused_posts]
    plan = [(role, "GET") for role in entry.expect]
    # PUT, PATCH and DELETE meet the same check in the access decorators: each role tries one of them, in
    # turn, so every URL meets all three without tripling the requests.
    plan += [(role, OTHER_METHODS[i % len(OTHER_METHODS)]) for i, role in enumerate(entry.expect)]
    plan += [(role, "POST") for role in refused_posts + allowed_posts]
    wrong = []
    for role, method in plan:
        expected = _expected(name, role, method)
        with CaptureQueriesContext(connection) as queries:
            try:
                response = _send(clients[role], method, url)
            except Exception as error:  # a 500: report it with the others
                wrong.append(f"{method} as {role}: expected {expected}, raised {error!r}")
                continue
        if not _answer_fits(response, expected, login_url):
            status = response.status_code
            where = f" -> {response['Location']}" if status in (301, 302) else ""
            wrong.append(f"{method} as {role}: expected {expected}, got {status}{where}")
        if method != "GET" and expected != ANSWERED:
            changed = _writes(queries.captured_queries, token=entry.token)
            if changed:
                wrong.append(f"{method} as {role} was refused but wrote: {changed}")
    assert not wrong, f"{url}\n  " + "\n  ".join(wrong)


# One person, several roles: (persona, the second role they are given, the persona whose role that is).
SECOND_ROLES = [
    ("professional_trainer", "student", "student"),  # a professional trainer who is also a student
    ("admissions_tutor", "student", "student"),
    ("team_lead", "student", "student"),
    ("student", "trainer", "peer_trainer"),  # a student who is also a peer trainer
]
ROLE_OF = {spec.key: spec.role for spec in PERSONAS}
# Pages whose answer follows whether the person has an authenticator app, not the role they act in: a
# student given a trainer's role sets one up (give_role), so they get what a peer trainer gets.
FOLLOW_THE_APP = {"mfa_activate_totp", "mfa_deactivate_totp", "mfa_reauthenticate"}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_url_follows_the_role_a_person_is_acting_in(name, world, personas):
    """A person holding two roles gets, acting in their own role, exactly what the table gives that role;
    acting in the other role, every page that role is refused (403) is refused to them too, whatever their
    own role may see. GET, the answer the table states."""
    entry = ROUTES[name]
    url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None) + entry.query
    login_url = reverse("accounts:login")
    wrong = []
    for key, second, second_key in SECOND_ROLES:
        needed_app = mfa_required_for(personas[key])
        give_role(personas[key], second)
        own = entry.expect[key]
        if name in FOLLOW_THE_APP and mfa_required_for(personas[key]) and not needed_app:
            own = entry.expect[second_key]
        checks = [(ROLE_OF[key], own)]
        # A token always acts in its person's usual role: it never gains the second role's pages.
        if entry.expect[second_key] == FORBIDDEN and not entry.token:
            checks.append((second, FORBIDDEN))
        for acting, expected in checks:
            client = _client_for(entry, key, personas[key], acting=acting)
            response = client.get(url)
            if not _answer_fits(response, expected, login_url):
                wrong.append(f"{key} acting as {acting}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{url}\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_admin_site_is_only_for_administrators(client, personas):
    for key, user in personas.items():
        sign_in_fully(client, user)
        response = client.get(reverse("admin:index"))
        expected = 200 if key == "administrator" else 302
        assert response.status_code == expected, key
