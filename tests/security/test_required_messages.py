"""Every form, sent with its fields left empty, says which field is missing and what to do, and the error
summary links to each field that has a problem.

Walks every form in tests/security/targets.py (a completeness test there fails when a WarpForm subclass
is missing from it), so a new form is checked as soon as it is listed.
"""

import importlib
import re
from html import unescape

import pytest
from django import forms
from django.core.cache import cache
from django.db import transaction
from django.forms.utils import pretty_name

from tests.security import targets
from tests.security.htmlforms import forms_in
from tests.security.test_form_fuzz import _form_for, _sign_in, _url
from warp.core.forms import WarpFormMixin, required_message

pytestmark = pytest.mark.django_db

DJANGO_DEFAULT = "This field is required."
_LEADING = ("your ", "their ", "the ", "a ", "an ")


def names_the_field(message: str, label: str) -> bool:
    """The message contains the field's label (without a leading "your"/"the", a trailing "?")."""
    core = label.strip().rstrip("?:.").lower()
    for word in _LEADING:
        if core.startswith(word):
            core = core.removeprefix(word)
            break
    return core in message.lower()


@pytest.fixture
def forms_checked(monkeypatch):
    """Every WaRP form validated while the test runs."""
    checked: list = []
    original = WarpFormMixin.full_clean

    def recording(self):
        original(self)
        checked.append(self)

    monkeypatch.setattr(WarpFormMixin, "full_clean", recording)
    return checked


def _empty_post(form) -> dict[str, str]:
    """What a browser sends when a person presses the button without filling anything in."""
    return {name: field.value for name, field in form.fields.items() if field.kind == "hidden"}


@pytest.mark.parametrize("target", [t for t in targets.POSTS if t.forms], ids=lambda t: t.id)
def test_an_empty_required_field_says_which_field_and_what_to_do(target, fuzz_world, client, forms_checked):
    world = fuzz_world
    _sign_in(client, world, target.persona)
    cache.clear()
    page_url = target.setup(client, world) if target.setup else None
    post_url = _url(target.url, world)
    if page_url is None and target.page is not None:
        page_url = _url(target.page or target.url, world)
    data: dict[str, str] = {}
    if page_url is not None:
        page = client.get(page_url, follow=True)
        if target.setup is not None:
            post_url = page.request["PATH_INFO"]
        data = _empty_post(_form_for(page.content.decode(), page.request["PATH_INFO"], post_url, ""))
    forms_checked.clear()
    savepoint = transaction.savepoint()
    try:
        response = client.post(post_url, data)
    finally:
        transaction.savepoint_rollback(savepoint)
    html = response.content.decode() if response.status_code == 200 else ""
    required_errors = 0
    for form in forms_checked:
        for name, errors in form.errors.as_data().items():
            if name not in form.fields:
                continue
            label = str(form.fields[name].label or pretty_name(name))
            for error in errors:
                message = " ".join(str(m) for m in error.messages)
                assert message != DJANGO_DEFAULT, f"{type(form).__name__}.{name} says only {message!r}"
                if error.code == "required":
                    required_errors += 1
                    assert names_the_field(message, label), (
                        f"{type(form).__name__}.{name} ({label!r}): {message!r} does not name the field"
                    )
            if html and form.is_bound and form.prefix is None:
                # The error summary links to the field (its first input when it is a group of them).
                bound = form[name]
                anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.auto_id
                assert f'href="#{anchor}"' in html, f"the error summary does not link to {name}"
                assert f'id="{anchor}"' in html, f"the summary links to #{anchor}, which is not on the page"
    if html and required_errors:
        summary = re.search(r'class="nhsuk-error-summary".*?</ul>', html, re.S)
        assert summary, f"{post_url} shows no error summary"
        assert DJANGO_DEFAULT not in unescape(summary.group(0))


@pytest.mark.parametrize(
    ("field", "whose", "message"),
    [
        (forms.CharField(label="First name"), "your", "Enter your first name"),
        (forms.CharField(label="First name"), "their", "Enter their first name"),
        (forms.DateField(label="Date of the review"), "the", "Enter the date of the review"),
        (forms.ChoiceField(label="Venue", choices=[("1", "Hall")]), "the", "Choose the venue"),
        (forms.CharField(label="Your password"), "your", "Enter your password"),
        (forms.CharField(label="TRIP name"), "the", "Enter the TRIP name"),
        (
            forms.ChoiceField(label="Whose view is this?", choices=[("1", "Mine")]),
            "the",
            "Choose an answer to “Whose view is this?”",
        ),
        (
            forms.BooleanField(label="I confirm I am 18 or over"),
            "your",
            "Tick “I confirm I am 18 or over” to go on.",
        ),
        (forms.IntegerField(label="How many links?"), "the", "Answer the question “How many links?”"),
        (forms.IntegerField(label="How many people came"), "the", "Fill in “How many people came”"),
        (
            forms.IntegerField(label="How long it lasted, in minutes"),
            "the",
            "Fill in “How long it lasted, in minutes”",
        ),
    ],
)
def test_required_messages_name_the_field_in_plain_words(field, whose, message):
    assert required_message(field, "x", whose=whose) == message


def test_selects_start_with_a_choose_prompt_instead_of_dashes():
    from warp.core.forms import WarpForm

    class Form(WarpForm):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])

    html = str(Form()["kind"])
    assert "Choose…" in html and "---------" not in html


def test_the_error_summary_of_a_real_form_links_to_each_field(client):
    response = client.post("/students/register/", {"first_name": ""})
    html = response.content.decode()
    assert "Enter your first name" in html and 'href="#id_first_name"' in html
    assert 'href="#id_contact_method_0"' not in html or 'id="id_contact_method_0"' in html
    assert DJANGO_DEFAULT not in html
    assert forms_in(html)


@pytest.mark.parametrize(
    ("form_path", "field", "expected"),
    [
        ("warp.impact.forms.WorkshopForm", "staff", "Enter how many staff came, or 0 if none did."),
        ("warp.prospectus.forms.CourseRunForm", "places", "Enter the number of places, for example 12."),
        (
            "warp.core.forms.PeriodForm",
            "start",
            "Enter the date the period runs from, for example 01/09/2025.",
        ),
        (
            "warp.measures.forms.OutcomesForm",
            "end",
            "Enter the date the period runs to, for example 31/08/2026.",
        ),
        (
            "warp.prospectus.forms.SessionForm",
            "starts_at",
            "Enter the time the session starts at, for example 10:00.",
        ),
        # "your" or "their" in front of a label that names someone else read as broken English.
        (
            "warp.programmes.forms.NominationForm",
            "nominee_name",
            "Enter the name of the person you are nominating.",
        ),
        (
            "warp.bookings.forms.ReferralForm",
            "referred_on",
            "Enter the date of the referral, for example 15/01/2026.",
        ),
    ],
)
def test_a_field_left_empty_says_what_to_enter_in_plain_words(form_path, field, expected):
    """Labels like "Staff", "Places" and "From" made "Enter the staff", "Enter the places", "Enter the from"."""
    module, name = form_path.rsplit(".", 1)
    form = getattr(importlib.import_module(module), name)(data={})
    assert not form.is_valid() and form.errors[field] == [expected]
