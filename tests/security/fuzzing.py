"""Hostile input for forms and imports, and the checks every answer to it must pass.

A person can type (or paste, or send with a script) anything: control characters and NUL bytes, text in
every script, huge strings, spreadsheet formulas, impossible dates, numbers out of any range, several
values for one field, fields the form never had. WaRP must answer all of it kindly: never a server error;
a form that refuses shows why in the error summary, keeps what was typed, and saves nothing.
"""

from html import escape

from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.security.htmlforms import Field, Form

# Modest settings: the whole fuzz adds about a minute to the suite. deadline=None because a request's time
# depends on the machine; the function-scoped fixtures (client, database) are shared by the examples on
# purpose, and every example runs inside its own savepoint that is rolled back.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Characters no one means to type: C0 control characters other than tab, newline and carriage return.
CONTROL_CHARACTERS = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"]

BAD_DATES = [
    "31/02/2026",
    "2026-02-31",
    "29/02/2025",
    "00/00/0000",
    "2026-13-01",
    "0000-01-01",
    "9999-12-31",
    "1/1/1",
    "31/12/99999",
    "tomorrow",
    "2026-03-01T25:61",
    "١٢/٠٣/٢٠٢٦",  # Arabic-Indic digits
]
BAD_NUMBERS = [
    "-1",
    "0",
    "-0",
    "3.5",
    "1e309",
    "NaN",
    "inf",
    "²",
    "٣",
    " 7 ",
    "99999999999999999999999999",
    "-9223372036854775809",
    "2147483648",
    "0x10",
]
WRONG_TYPES = [
    "[]",
    "{}",
    "null",
    "None",
    "true",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
]

any_text = st.text(max_size=60)
# Field names a browser could send (a quote or a line break would break the multipart encoding itself).
EXTRA_NAME = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters='"'
)  # every Unicode character hypothesis knows, control characters included
control_text = st.builds(
    lambda before, c, after: before + c + after,
    st.text(max_size=10),
    st.sampled_from(CONTROL_CHARACTERS),
    any_text,
)
formula = st.builds(
    lambda p, rest: p + rest, st.sampled_from(["=", "+", "-", "@", "\t=", "=cmd|' /C calc'!A0"]), any_text
)
huge = st.integers(min_value=1_000, max_value=120_000).map(lambda n: ("Ünïcödé 😀 " * (n // 12 + 1))[:n])
numbers_out_of_range = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str), st.sampled_from(BAD_NUMBERS)
)

hostile_value = st.one_of(
    any_text,
    control_text,
    formula,
    huge,
    st.sampled_from(BAD_DATES),
    numbers_out_of_range,
    st.sampled_from(WRONG_TYPES),
)

PLAIN_BY_KIND = {
    "date": ["2026-03-01", "01/03/2026"],
    "datetime-local": ["2026-03-01T10:00"],
    "time": ["10:00", "14:30"],
    "number": ["1", "3", "12"],
    "email": ["fuzz@example.org"],
    "tel": ["01202 000000"],
    "url": ["https://example.org/join"],
    "password": ["a-long-test-password", "Another-long-passphrase-2026"],
}
TEXT_KINDS = {"text", "search", "email", "tel", "url", "number", "date", "time", "datetime-local", "textarea"}
TYPED_KINDS = TEXT_KINDS | {"password"}


def _plain(field: Field) -> st.SearchStrategy:
    """Something a careful person might choose or type into this field."""
    if field.kind in ("select", "radio"):
        options = [o for o in field.options if o] or [""]
        return st.sampled_from(options)
    if field.kind in ("select-multiple", "checkbox"):
        if len(field.options) == 1:
            return st.sampled_from([field.options[0], None])
        return (
            st.lists(st.sampled_from(field.options), unique=True, max_size=3) if field.options else st.none()
        )
    if field.kind == "hidden":
        return st.just(field.value)
    if field.kind == "file":
        return st.none()
    choices = [field.value] if field.value.strip() else []
    choices += PLAIN_BY_KIND.get(field.kind, ["Some plain words", "Ana Moss"])
    return st.sampled_from(choices)


@st.composite
def form_data(draw, form: Form, *, hidden_too: bool = False) -> dict:
    """POST data for a form: each field plain, hostile, repeated or left out; sometimes extra fields."""
    data: dict = {}
    for name, field in form.fields.items():
        if name == "csrfmiddlewaretoken":
            data[name] = field.value  # a browser always sends it (so a POST is never empty)
            continue
        if field.kind == "file":
            continue
        if field.kind == "hidden" and not hidden_too:
            data[name] = field.value
            continue
        how = draw(st.integers(min_value=0, max_value=9))
        if how <= 4:
            value = draw(_plain(field))
        elif how <= 7:
            value = draw(hostile_value)
        elif how == 8:
            value = draw(st.lists(hostile_value, min_size=2, max_size=3))  # several values for one field
        else:
            value = None  # left out
        if value is not None:
            data[name] = value
    extras = draw(
        st.dictionaries(
            st.text(EXTRA_NAME, min_size=1, max_size=12).filter(lambda k: k not in data), any_text, max_size=2
        )
    )
    data.update(extras)
    return data


# What a request may change even when the form refuses it: who looked (the audit log), the session, and
# the failed sign-in it was (the lockout counts refused passwords and codes).
COUNTS_IGNORE = {"audit_auditentry", "django_session", "accounts_usersession", "accounts_signinlockout"}


def _tables() -> list[str]:
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return sorted(names - COUNTS_IGNORE)


def table_counts() -> dict[str, int]:
    """Rows in every table, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def typed_values(form: Form, data: dict) -> dict[str, str]:
    """The single values posted into fields where a person types (not passwords, never shown again)."""
    return {
        name: value
        for name, value in data.items()
        if name in form.fields and form.fields[name].kind in TEXT_KINDS and isinstance(value, str)
    }


def has_control_character(data: dict, form: Form) -> bool:
    """Whether a typed field holds a control character the form will see: Django reads the last of several
    values, and text fields other than passwords drop leading and trailing whitespace (which, to Python,
    includes a few control characters) before checking."""
    for name, value in data.items():
        if name not in form.fields or form.fields[name].kind not in TYPED_KINDS:
            continue
        seen = value[-1] if isinstance(value, list) else value
        if form.fields[name].kind != "password":
            seen = seen.strip()
        if any(c in seen for c in CONTROL_CHARACTERS):
            return True
    return False


def shown(value: str, html: str) -> bool:
    """The value as the page shows it, inside an input or a textarea."""
    return escape(value) in html or escape(value, quote=False) in html
