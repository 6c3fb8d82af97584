from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warp.students.eligibility import (
    age_on,
    eighteenth_birthday,
    eligibility_reasons,
    in_service_area,
    normalise_area_code,
    normalise_postcode,
    outward_code,
    postcode_area,
)

DORSET = [f"BH{n}" for n in range(1, 26)] + ["BH31"] + [f"DT{n}" for n in range(1, 12)]
TODAY = date(2026, 5, 14)


def reasons(**kw):
    base = {
        "date_of_birth": None,
        "confirmed_over_18": True,
        "postcode": "BH1 1AA",
        "service_area": DORSET,
        "today": TODAY,
    }
    base.update(kw)
    return [reason.code for reason in eligibility_reasons(**base)]


def test_eighteenth_birthday_today_is_eligible():
    assert reasons(date_of_birth=date(2008, 5, 14)) == []


def test_day_before_eighteenth_birthday_is_not_eligible():
    assert reasons(date_of_birth=date(2008, 5, 15)) == ["under_18"]


def test_29_february_birthday_turns_18_on_1_march_in_a_year_without_one():
    born = date(2008, 2, 29)
    assert reasons(date_of_birth=born, today=date(2026, 2, 28)) == ["under_18"]
    assert reasons(date_of_birth=born, today=date(2026, 3, 1)) == []
    assert eighteenth_birthday(born) == date(2026, 3, 1)


def test_29_february_birthday_counts_on_the_day_in_a_leap_year():
    assert age_on(date(2008, 2, 29), date(2026 + 2, 2, 28)) == 19
    assert age_on(date(2004, 2, 29), date(2024, 2, 29)) == 20
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18


def test_blank_date_of_birth_with_confirmation_is_eligible():
    assert reasons(date_of_birth=None, confirmed_over_18=True) == []


def test_blank_date_of_birth_without_confirmation_asks_for_one_or_the_other():
    assert reasons(date_of_birth=None, confirmed_over_18=False) == ["age_not_confirmed"]


def test_a_date_of_birth_wins_over_the_confirmation_box():
    assert reasons(date_of_birth=date(2010, 1, 1), confirmed_over_18=True) == ["under_18"]


def test_under_18_reason_is_kind_and_signposts_young_peoples_support():
    [reason] = eligibility_reasons(
        date_of_birth=date(2010, 6, 1),
        confirmed_over_18=False,
        postcode="BH1 1AA",
        service_area=DORSET,
        today=TODAY,
    )
    assert "1 June 2028" in reason.message
    names = [signpost.name for signpost in reason.signposts]
    assert "Childline" in names and "Samaritans" in names


def test_outside_the_area_signposts_gp_111_samaritans_and_other_recovery_colleges():
    [reason] = eligibility_reasons(
        date_of_birth=date(1980, 1, 1),
        confirmed_over_18=False,
        postcode="SW1A 1AA",
        service_area=DORSET,
        today=TODAY,
    )
    assert reason.code == "outside_service_area"
    text = " ".join(f"{s.name} {s.how}" for s in reason.signposts)
    for words in ("GP", "111", "option 2", "116 123", "recovery college", "Mind"):
        assert words in text


@pytest.mark.parametrize("typed", ["bh1 1aa", "BH11AA", " Bh1  1AA ", "BH1 1AA", "bh1\t1aa"])
def test_postcode_case_and_spacing_do_not_matter(typed):
    assert normalise_postcode(typed) == "BH1 1AA"
    assert reasons(postcode=typed) == []


@pytest.mark.parametrize(
    "postcode, outward",
    [
        ("BH1 1AA", "BH1"),
        ("BH11 1AA", "BH11"),
        ("bh111aa", "BH11"),
        ("BH21 3AB", "BH21"),
        ("DT1 1XJ", "DT1"),
        ("W1A 0AX", "W1A"),
        ("M1 1AE", "M1"),
    ],
)
def test_outward_code_is_everything_before_the_last_three_characters(postcode, outward):
    assert outward_code(postcode) == outward


@pytest.mark.parametrize(
    "typed", ["", "BH1", "12345", "BH1 1A", "BHH1 1AA", "1H1 1AA", "BH1 AAA", "not a postcode"]
)
def test_not_a_postcode_shape_is_refused(typed):
    assert normalise_postcode(typed) is None
    assert reasons(postcode=typed) == ["postcode_not_recognised"]


def test_bh12_is_not_in_an_area_listing_only_bh1():
    assert in_service_area("BH1 1AA", ["BH1"])
    assert not in_service_area("BH12 1AA", ["BH1"])
    assert not in_service_area("BH21 1AA", ["BH2"])


def test_a_whole_postcode_area_covers_all_its_districts():
    assert in_service_area("BH99 9ZZ", ["BH"])
    assert not in_service_area("B1 1AA", ["BH"])  # Birmingham's B is not Bournemouth's BH


def test_seeded_dorset_districts_cover_bh31_but_not_bh26():
    assert in_service_area("BH31 6AA", DORSET)
    assert not in_service_area("BH26 1AA", DORSET)
    assert in_service_area("DT11 7AA", DORSET)
    assert not in_service_area("DT12 1AA", DORSET)


@pytest.mark.parametrize(
    "typed, normal", [("bh", "BH"), (" bh 21 ", "BH21"), ("W1A", "W1A"), ("BH1 1AA", None), ("21", None)]
)
def test_service_area_codes_are_areas_or_districts(typed, normal):
    assert normalise_area_code(typed) == normal


# Property-based tests: any valid postcode, however typed, reads the same and is found by its own district.
letters = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
digits = st.sampled_from("0123456789")
outwards = st.builds(
    lambda area, d, extra: area + d + extra,
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2),
    digits,
    st.one_of(st.just(""), digits, letters),
)
inwards = st.builds(lambda d, a, b: d + a + b, digits, letters, letters)


@given(outwards, inwards, st.sampled_from(["", " ", "  ", "\t"]), st.booleans())
def test_property_any_valid_postcode_normalises_however_it_is_typed(outward, inward, gap, lower):
    typed = f" {outward}{gap}{inward} "
    if lower:
        typed = typed.lower()
    assert normalise_postcode(typed) == f"{outward} {inward}"
    assert outward_code(typed) == outward
    assert in_service_area(typed, [outward])
    assert in_service_area(typed, [postcode_area(outward)])
    assert not in_service_area(typed, [outward + "9"])  # BH1 is not BH19


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=40000),
)
def test_property_age_is_18_exactly_from_the_eighteenth_birthday(born, days_later):
    day = born + timedelta(days=days_later)
    turns = eighteenth_birthday(born)
    assert (age_on(born, day) >= 18) == (day >= turns)
    ok = (
        eligibility_reasons(
            date_of_birth=born, confirmed_over_18=False, postcode="BH1 1AA", service_area=DORSET, today=day
        )
        == []
    )
    assert ok == (day >= turns)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2080, 12, 31)),
    st.integers(min_value=0, max_value=40000),
)
def test_property_age_never_goes_down_and_grows_by_one_a_year(born, days_later):
    day = born + timedelta(days=days_later)
    assert age_on(born, day) >= 0
    assert age_on(born, day + timedelta(days=1)) in (age_on(born, day), age_on(born, day) + 1)
