"""The words on every form (issue 14, defect 2.17): each select starts with a "Choose…" prompt, hints are
plain words for the person using the form, and dates in hints are written as the field shows them.

Walks every form page in tests/security/targets.py (a completeness test there fails when a form is
missing), so a new form is checked as soon as it is listed.
"""

import re
from datetime import date
from html import unescape

import pytest
from django.core.cache import cache

from tests.security import targets
from tests.security.test_form_fuzz import _sign_in, _url
from warp.core.forms import CHOOSE_PROMPT, WarpForm

pytestmark = pytest.mark.django_db

_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
_OPTION = re.compile(r"<option\b[^>]*>(.*?)</option>", re.S)
_HINT = re.compile(r'<div class="nhsuk-hint"[^>]*>(.*?)</div>', re.S)
_TAG = re.compile(r"<[^>]+>")
# A date written with slashes: day/month/year.
_SLASHED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")


# Empty choices that are themselves an answer, so need no prompt before them: leaving the venue empty
# means the session is online, and so on. Anything else starts with "Choose…".
ANSWERS_THAT_ARE_EMPTY = {
    "No venue (online)",
    "No theme",
    "Their usual perspective",
    "Not a publication",
    "Not said",
}


def _pages(*, searches: bool = True):
    """(persona, URL name) of every page showing a form people fill in (and the search forms)."""
    seen = set()
    for target in targets.POSTS:
        if target.forms and target.page is not None and target.setup is None:
            name = target.page or target.url
            if (name, target.persona) not in seen:
                seen.add((name, target.persona))
                yield pytest.param(target.persona, name, id=f"{name}-{target.persona}")
    for search in targets.SEARCHES if searches else ():
        if search.forms and (search.url, search.persona) not in seen:
            seen.add((search.url, search.persona))
            yield pytest.param(search.persona, search.url, id=f"{search.url}-{search.persona}")


def _page(client, world, persona, name) -> str:
    _sign_in(client, world, persona)
    cache.clear()
    response = client.get(_url(name, world), follow=True)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


# The search and filter forms (targets.SEARCHES) are left out: their selects start with what an empty
# choice means there ("Any theme", "Any action"), or with the term being shown.
@pytest.mark.parametrize(("persona", "name"), list(_pages(searches=False)))
def test_every_select_starts_with_a_choose_prompt(persona, name, fuzz_world, client):
    html = _page(client, fuzz_world, persona, name)
    wrong = []
    for attributes, options in _SELECT.findall(html):
        if "multiple" in attributes:
            continue  # a list to tick several in has nothing to prompt
        first = _OPTION.search(options)
        label = _text(first.group(1)) if first else ""
        if label != CHOOSE_PROMPT and label not in ANSWERS_THAT_ARE_EMPTY:
            wrong.append(f"{attributes.strip()} starts with {label!r}")
    assert not wrong, f"{name}: selects must start with “{CHOOSE_PROMPT}”: {wrong}"


@pytest.mark.parametrize(("persona", "name"), list(_pages()))
def test_hints_speak_plainly_to_the_person_using_the_form(persona, name, fuzz_world, client):
    html = _page(client, fuzz_world, persona, name)
    wrong = []
    for hint in (_text(h) for h in _HINT.findall(html)):
        if re.search(r"\be\.g\.|\bi\.e\.|\betc\.", hint):
            wrong.append(f"{hint!r}: say “for example” in words")
        if re.search(r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\b", hint) or re.search(r"\b[a-z]+_[a-z_]+\b", hint):
            wrong.append(f"{hint!r}: names something inside WaRP")
        if persona in ("student", "anonymous") and re.search(r"\b(the student|student's)\b", hint, re.I):
            wrong.append(f"{hint!r}: speaks about the person instead of to them")
        if "README" in hint:
            wrong.append(f"{hint!r}: sends people to the README")
        for day, month, year in _SLASHED_DATE.findall(hint):
            if len(day) != 2 or len(month) != 2 or len(year) != 4:
                wrong.append(f"{hint!r}: date fields show dates as DD/MM/YYYY, e.g. 01/09/2025")
    assert not wrong, f"{name} ({persona}):\n  " + "\n  ".join(wrong)


def test_a_date_field_shows_its_date_as_the_hints_write_it():
    from django import forms

    class Form(WarpForm):
        on = forms.DateField()

    assert 'value="01/09/2025"' in str(Form(initial={"on": date(2025, 9, 1)})["on"])


# The field template adds "(optional)" to every field that may be left empty, so a label saying it too
# reads "Facilitators' names (optional) (optional)".
@pytest.mark.parametrize(("persona", "name"), list(_pages(searches=False)))
def test_an_optional_field_says_it_is_optional_once(persona, name, fuzz_world, client):
    text = _text(_page(client, fuzz_world, persona, name))
    assert "(optional) (optional)" not in text, f"{name} ({persona}): a label says “(optional)” twice"
