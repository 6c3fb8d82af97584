"""Hostile input through every form and every POST URL, as a person allowed to use them.

Never a server error. A form that refuses input re-renders with status 200, names the problem in the
NHS.UK error summary, keeps what was typed, and saves nothing. Control characters (NUL included) in a
typed field are always refused: PostgreSQL cannot store NUL, and no one means to type the others.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve, reverse
from hypothesis import given

from tests.personas import sign_in_fully
from tests.security import targets
from tests.security.fuzzing import (
    FUZZ,
    form_data,
    has_control_character,
    shown,
    table_counts,
    typed_values,
)
from tests.security.htmlforms import Field, Form, forms_in
from tests.test_url_access import ROUTES, all_patterns
from warp.core.forms import WarpFormMixin

pytestmark = pytest.mark.django_db

ERROR_SUMMARY = 'class="nhsuk-error-summary"'


def _url(name, world):
    entry = ROUTES[name]
    return reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None)


def _sign_in(client, world, persona):
    client.logout()
    if persona != "anonymous":
        sign_in_fully(client, world["personas"][persona])


def _view_name(path: str) -> str:
    return resolve(path.split("?")[0]).view_name


def _form_for(page_html: str, page_path: str, post_path: str, with_field: str) -> Form:
    """The form on the page that posts to the URL (the biggest one when several do, or none names it)."""
    posting = [
        f for f in forms_in(page_html) if f.method == "post" and (not with_field or with_field in f.fields)
    ]
    aiming = [f for f in posting if (f.action or page_path).split("?")[0] == post_path]
    candidates = aiming or [f for f in posting if _view_name(f.action or page_path) != "accounts:logout"]
    assert candidates, f"{page_path} shows no form that posts to {post_path}"
    return max(candidates, key=lambda f: len(f.fields))


def _made(expected: tuple[type, ...], made: set[type]) -> list[str]:
    return [cls.__name__ for cls in expected if not any(issubclass(m, cls) for m in made)]


@pytest.mark.parametrize("target", targets.POSTS, ids=lambda t: t.id)
def test_hostile_post_is_answered_kindly_and_saves_nothing_when_refused(
    target, fuzz_world, client, forms_made
):
    world = fuzz_world
    _sign_in(client, world, target.persona)
    page_url = target.setup(client, world) if target.setup else None
    post_url = _url(target.url, world)
    if page_url is None and target.page is not None:
        page_url = _url(target.page or target.url, world)
    if page_url is not None:
        page = client.get(page_url, follow=True)
        assert page.status_code == 200, f"{page_url} answered {page.status_code}"
        if target.setup is not None:
            post_url = page.request["PATH_INFO"]
        form = _form_for(page.content.decode(), page.request["PATH_INFO"], post_url, target.form_with)
    else:
        form = Form(method="post", action=post_url, enctype="")
        for name, kind in target.fields.items():
            form.fields[name] = Field(name=name, kind=kind, options=["on"] if kind == "checkbox" else [])

    @FUZZ
    @given(data=form_data(form, hidden_too=target.hidden_too))
    def post_hostile(data):
        cache.clear()  # sign-in rate limits and lockouts would otherwise answer most examples with 429
        if target.sign_in_each_time:
            _sign_in(client, world, target.persona)
        savepoint = transaction.savepoint()
        try:
            before = table_counts()
            response = client.post(post_url, data)
            status = response.status_code
            assert status in target.answers, f"{post_url} answered {status}"
            html = response.content.decode() if status == 200 else ""
            refused = ERROR_SUMMARY in html
            if status == 200 and not target.shows_result:
                assert refused, f"{post_url} answered 200 without an error summary"
            if refused:
                assert table_counts() == before, "a refused form saved something"
                lost = [name for name, value in typed_values(form, data).items() if not shown(value, html)]
                assert not lost, f"what was typed into {lost} is not shown again"
            if has_control_character(data, form) and page_url is not None and status != 429:
                assert refused, "control characters in a typed field were accepted"
        finally:
            transaction.savepoint_rollback(savepoint)

    post_hostile()
    missing = _made(target.forms, forms_made)
    assert not missing, f"{target.url} never made {missing}: fix the target list"


@pytest.mark.parametrize("search", targets.SEARCHES, ids=lambda s: s.id)
def test_hostile_search_and_filter_answers_a_page(search, fuzz_world, client, forms_made):
    world = fuzz_world
    _sign_in(client, world, search.persona)
    url = _url(search.url, world)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode() if "html" in page["Content-Type"] else ""
    form = next((f for f in forms_in(html) if f.method == "get"), Form(method="get", action=url, enctype=""))
    for name in search.params:
        form.fields.setdefault(name, Field(name=name, kind="text"))

    @FUZZ
    @given(data=form_data(form, hidden_too=True))
    def search_hostile(data):
        response = client.get(url, data)
        status = response.status_code
        assert status in search.answers, f"{url} answered {status}"
        if status == 400:
            assert response.content.decode().startswith("Please check"), "a 400 must say what to fix"

    search_hostile()
    missing = _made(search.forms, forms_made)
    assert not missing, f"{search.url} never made {missing}: fix the target list"


def _warp_form_classes() -> set[type]:
    found, todo = set(), list(WarpFormMixin.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(cls.__subclasses__())
    # Forms made at run time from a base (the feedback questions) are covered by their base.
    return {
        cls
        for cls in found
        if cls.__module__.startswith("warp.")
        and cls.__name__ in vars(__import__(cls.__module__, fromlist=["_"]))
    }


def test_every_form_class_is_fuzzed():
    fuzzed = {cls for entry in [*targets.POSTS, *targets.SEARCHES] for cls in entry.forms}
    fuzzed |= set(targets.NOT_FUZZED_ALONE)
    bases = {"WarpForm", "WarpModelForm"}
    missing = sorted(cls.__qualname__ for cls in _warp_form_classes() - fuzzed if cls.__name__ not in bases)
    assert not missing, f"Add these forms to tests/security/targets.py: {missing}"


def test_every_url_that_takes_a_post_is_fuzzed(fuzz_world, client):
    """A POST URL is one a page's form posts to, or one that refuses GET (405)."""
    world = fuzz_world
    posted = {name for name, route in ROUTES.items() if 405 in route.expect.values()}
    for name, route in ROUTES.items():
        role = next((r for r, answer in route.expect.items() if answer == 200), None)
        if role is None:
            continue
        _sign_in(client, world, role)
        url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_in(response.content.decode()):
            if form.method == "post":
                posted.add(_view_name(form.action or url))
    fuzzed = {target.url for target in targets.POSTS}
    missing = sorted(posted - fuzzed)
    assert not missing, f"Add these POST URLs to tests/security/targets.py: {missing}"
    assert fuzzed <= set(all_patterns()), f"Unknown URL names: {sorted(fuzzed - set(all_patterns()))}"
