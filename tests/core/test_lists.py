"""The list helpers give exactly what the template filter and reverse() give, row by row."""

from datetime import date

from django.template import Context, Template
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from warp.core.lists import short_date, urls_by_pk


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_short_date_writes_what_the_date_filter_writes(value):
    assert short_date(value) == Template('{{ d|date:"j M Y" }}').render(Context({"d": value}))


def test_short_date_of_nothing_is_empty():
    assert short_date(None) == ""


def test_urls_by_pk_are_the_addresses_reverse_gives():
    pks = [1, 7, 42, 987654321, 123456789012]
    for name in ("teams:team-detail", "students:student-detail", "bookings:register"):
        assert urls_by_pk(name, pks) == {pk: reverse(name, args=[pk]) for pk in pks}
