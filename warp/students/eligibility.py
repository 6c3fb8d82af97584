"""Who may register: 18 or over on the day, living in the service area. Pure functions, no database.

Someone who is not eligible gets reasons in kind words and where else to look, never a bare "no".
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

# A UK postcode: outward code (area letters, district digit, optional digit or letter), then the inward
# code (a digit and two letters). "BH11AA" is read as BH1 1AA: the inward code is always the last three.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
# What the service area may list: a whole postcode area ("BH") or one outward code ("BH21", "W1A").
_AREA_OR_DISTRICT = re.compile(r"^[A-Z]{1,2}([0-9][A-Z0-9]?)?$")

ADULT_AGE = 18


@dataclass(frozen=True)
class Signpost:
    name: str
    how: str


GP = Signpost("Your GP", "Your doctor's surgery can talk with you about support for your mental health.")
NHS_111 = Signpost(
    "NHS 111, option 2",
    "Call 111 and choose option 2 to reach the NHS mental health line, day or night.",
)
SAMARITANS = Signpost("Samaritans", "Call 116 123 free, any time, to talk about whatever is on your mind.")
RECOVERY_COLLEGES = Signpost(
    "Recovery colleges and Mind",
    "Many areas have their own recovery college, and local Mind groups run courses and groups. "
    "Search for 'recovery college' with the name of your town, or visit mind.org.uk.",
)
CHILDLINE = Signpost(
    "Childline", "If you are under 19, call 0800 1111 free, any time, or visit childline.org.uk."
)

SIGNPOSTS_FOR_EVERYONE = (GP, NHS_111, SAMARITANS, RECOVERY_COLLEGES)


@dataclass(frozen=True)
class Reason:
    """Why someone cannot register, in words meant for them, and where else to look."""

    code: str
    message: str
    signposts: tuple[Signpost, ...] = field(default=SIGNPOSTS_FOR_EVERYONE)


def normalise_postcode(raw: str) -> str | None:
    """'bh1 1aa', 'BH11AA', ' Bh1  1AA ' -> 'BH1 1AA'. None when it is not the shape of a UK postcode."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def outward_code(postcode: str) -> str | None:
    """The part before the space: 'BH21 3AB' -> 'BH21'; 'bh11aa' -> 'BH1'."""
    normal = normalise_postcode(postcode)
    return normal.split(" ")[0] if normal else None


def postcode_area(outward: str) -> str:
    """The letters at the start of an outward code: 'BH21' -> 'BH', 'W1A' -> 'W'."""
    return re.match(r"[A-Z]*", outward.upper()).group(0)  # type: ignore[union-attr]


def normalise_area_code(raw: str) -> str | None:
    """A service-area entry: 'bh 21' -> 'BH21', 'dt' -> 'DT'. None when it is neither an area nor a district."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    return compact if _AREA_OR_DISTRICT.match(compact) else None


def in_service_area(postcode: str, codes: Iterable[str]) -> bool:
    """True when the postcode's outward code, or its whole area, is one of the service area's codes."""
    outward = outward_code(postcode)
    if outward is None:
        return False
    wanted = {code.upper() for code in codes}
    return outward in wanted or postcode_area(outward) in wanted


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years on `day`. A 29 February birthday falls on 1 March in years without one."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def eighteenth_birthday(date_of_birth: date) -> date:
    """The day someone turns 18 (1 March for a 29 February birthday when that year has none)."""
    year = date_of_birth.year + ADULT_AGE
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def age_reasons(*, date_of_birth: date | None, confirmed_over_18: bool, today: date) -> list[Reason]:
    if date_of_birth is not None:
        if date_of_birth > today:
            return [
                Reason(
                    "date_of_birth_in_future",
                    "The date of birth is in the future. Please check it and try again.",
                    (),
                )
            ]
        if age_on(date_of_birth, today) < ADULT_AGE:
            turns = eighteenth_birthday(date_of_birth)
            return [
                Reason(
                    "under_18",
                    "Our courses are for adults, so we can only register people aged 18 or over. "
                    f"We would be glad to hear from you from {turns.day} {turns:%B %Y}, when you turn 18. "
                    "Until then, there is support for young people:",
                    (CHILDLINE, GP, NHS_111, SAMARITANS),
                )
            ]
        return []
    if confirmed_over_18:
        return []
    return [
        Reason(
            "age_not_confirmed",
            "Please give your date of birth, or, if you would rather not, tick the box to confirm "
            "you are 18 or over.",
            (),
        )
    ]


def postcode_reasons(*, postcode: str, codes: Iterable[str]) -> list[Reason]:
    if normalise_postcode(postcode) is None:
        return [
            Reason(
                "postcode_not_recognised",
                "We could not read that postcode. Please enter a full UK postcode, like BH1 1AA.",
                (),
            )
        ]
    if not in_service_area(postcode, codes):
        return [
            Reason(
                "outside_service_area",
                "We can only offer places to people who live in the area we serve, and the postcode "
                f"{normalise_postcode(postcode)} is outside it. We are sorry. There is support near you too:",
            )
        ]
    return []


def eligibility_reasons(
    *,
    date_of_birth: date | None,
    confirmed_over_18: bool,
    postcode: str,
    service_area: Iterable[str],
    today: date,
) -> list[Reason]:
    """Every reason this person cannot register today; an empty list means they may."""
    return age_reasons(
        date_of_birth=date_of_birth, confirmed_over_18=confirmed_over_18, today=today
    ) + postcode_reasons(postcode=postcode, codes=service_area)
