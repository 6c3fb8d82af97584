"""An instrument's definition checked field by field, and how a set of answers becomes a score.

One checker for the managers' page and `warp measures load FILE.json`, so both refuse the same things with
the same words. Field names are the JSON file's (README, "Outcome questionnaires").
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError

REQUIRED = (
    "code",
    "name",
    "licence",
    "items",
    "response_min",
    "response_max",
    "reverse_items",
    "score",
    "higher_is_better",
    "reliability",
    "reference_sd",
)
OPTIONAL = ("conversion", "clinical_cutoff")
FIELDS = REQUIRED + OPTIONAL
# The fields that decide a score or how a change is judged: a change to any of them, once responses exist,
# makes a new version.
VERSION_FIELDS = (
    "items",
    "response_min",
    "response_max",
    "reverse_items",
    "score",
    "conversion",
    "higher_is_better",
    "reliability",
    "reference_sd",
    "clinical_cutoff",
)
MAX_ITEMS = 100
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_instrument(data: Mapping[str, Any]) -> dict[str, Any]:
    """The definition, tidied (conversion keys as whole-number strings, numbers as floats), or a
    ValidationError whose message dict names each field that is wrong and what to do."""
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        errors["file"] = (
            f"These fields are not part of an instrument: {', '.join(unknown)}. "
            f"Use only: {', '.join(FIELDS)}."
        )
    for name in REQUIRED:
        if name not in data:
            errors[name] = "This is needed."
    clean: dict[str, Any] = {}

    code = data.get("code")
    if "code" in data:
        if not isinstance(code, str) or not _CODE.match(code):
            errors["code"] = (
                "Use up to 40 lower-case letters, digits, - or _, starting with a letter or digit, "
                "for example hope-check."
            )
        else:
            clean["code"] = code
    for name, limit in (("name", 200), ("licence", 2000)):
        if name not in data:
            continue
        value = data[name]
        if not isinstance(value, str) or (name == "name" and not value.strip()):
            errors[name] = "Write it as text." if name == "licence" else "Write the instrument's name."
        elif len(value) > limit:
            errors[name] = f"Shorten it to {limit} characters or fewer."
        else:
            clean[name] = value.strip()

    items = data.get("items")
    if "items" in data:
        problem = _items_problem(items)
        if problem:
            errors["items"] = problem
        else:
            assert isinstance(items, list)
            clean["items"] = [{"number": item["number"], "text": item["text"].strip()} for item in items]

    low: Any = data.get("response_min")
    high: Any = data.get("response_max")
    for name, value in (("response_min", low), ("response_max", high)):
        if name in data and not _is_int(value):
            errors[name] = "Write a whole number, for example 1."
    if _is_int(low) and _is_int(high):
        if low >= high:
            errors["response_max"] = "The highest answer must be above the lowest."
        elif high - low > 100 or abs(low) > 1000 or abs(high) > 1000:
            errors["response_max"] = "Keep answers between -1000 and 1000, at most 100 apart."
        else:
            clean["response_min"], clean["response_max"] = low, high

    reverse = data.get("reverse_items")
    if "reverse_items" in data:
        numbers = {item["number"] for item in clean.get("items", [])}
        if not isinstance(reverse, list) or not all(_is_int(n) for n in reverse):
            errors["reverse_items"] = "Give a list of item numbers, for example [2, 5], or [] for none."
        elif len(set(reverse)) != len(reverse):
            errors["reverse_items"] = "Name each reverse-scored item once."
        elif "items" in clean and not set(reverse) <= numbers:
            missing = sorted(set(reverse) - numbers)
            errors["reverse_items"] = f"There is no item {', '.join(map(str, missing))}."
        else:
            clean["reverse_items"] = sorted(reverse)

    method = data.get("score")
    if "score" in data:
        if method not in ("sum", "mean"):
            errors["score"] = 'Write "sum" or "mean".'
        else:
            clean["score"] = method

    conversion = data.get("conversion")
    clean["conversion"] = {}
    if conversion not in (None, {}):
        problem = _conversion_problem(conversion, clean)
        if problem:
            errors["conversion"] = problem
        else:
            assert isinstance(conversion, Mapping)
            clean["conversion"] = {str(int(str(k).strip())): float(v) for k, v in conversion.items()}

    if "higher_is_better" in data:
        if not isinstance(data["higher_is_better"], bool):
            errors["higher_is_better"] = "Write true when a higher score is better, false when lower is."
        else:
            clean["higher_is_better"] = data["higher_is_better"]
    reliability: Any = data.get("reliability")
    if "reliability" in data:
        if not _is_number(reliability) or not 0 <= reliability < 1:
            errors["reliability"] = (
                "Write the scale's Cronbach's alpha, a number from 0 up to (not) 1, for example 0.85."
            )
        else:
            clean["reliability"] = float(reliability)
    sd: Any = data.get("reference_sd")
    if "reference_sd" in data:
        if not _is_number(sd) or sd <= 0:
            errors["reference_sd"] = (
                "Write the reference standard deviation, a number above 0, for example 6.2."
            )
        else:
            clean["reference_sd"] = float(sd)
    cutoff: Any = data.get("clinical_cutoff")
    if cutoff is not None and not _is_number(cutoff):
        errors["clinical_cutoff"] = "Write a number, or leave it out when the scale has no cut-off."
    clean["clinical_cutoff"] = float(cutoff) if _is_number(cutoff) else None

    if errors:
        raise ValidationError(errors)
    return clean


def _items_problem(items: Any) -> str:
    if not isinstance(items, list) or not items:
        return 'Give a list of items, each {"number": 1, "text": "..."}.'
    if len(items) > MAX_ITEMS:
        return f"An instrument may have at most {MAX_ITEMS} items."
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Mapping) or set(item) != {"number", "text"}:
            return f'Item {position}: give exactly "number" and "text".'
        if item["number"] != position or not _is_int(item["number"]):
            return (
                f"Item {position}: number the items 1, 2, 3 ... in order (this one says {item['number']!r})."
            )
        if not isinstance(item["text"], str) or not item["text"].strip():
            return f"Item {position}: write the item's words."
        if len(item["text"]) > 500:
            return f"Item {position}: shorten the words to 500 characters or fewer."
    return ""


def _conversion_problem(conversion: Any, clean: dict[str, Any]) -> str:
    if not isinstance(conversion, Mapping):
        return 'Give the table as {"raw sum": reported score, ...}, or leave it out.'
    if clean.get("score") != "sum":
        return 'A conversion table goes with a score made by adding up (score "sum") only.'
    keys: set[int] = set()
    for key, value in conversion.items():
        try:
            keys.add(int(str(key).strip()))
        except ValueError:
            return f"{key!r} is not a whole-number raw sum."
        if not _is_number(value):
            return f"The score for raw sum {key} must be a number."
    if {"items", "response_min", "response_max"} <= set(clean):
        count = len(clean["items"])
        possible = set(range(count * clean["response_min"], count * clean["response_max"] + 1))
        missing = sorted(possible - keys)
        extra = sorted(keys - possible)
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
            return f"The table needs a score for every raw sum that can happen; these are missing: {shown}."
        if extra:
            return f"These raw sums cannot happen with these items: {', '.join(map(str, extra[:10]))}."
    return ""


def item_score(version, number: int, answer: int) -> int:
    """An answer as it counts: a reverse-scored answer a counts as response_min + response_max - a."""
    if number in version.reverse_items:
        return version.response_min + version.response_max - answer
    return answer


def score_of(version, answers: Sequence[int | None]) -> float | None:
    """The score the version gives these answers (two decimals), or None when any item is unanswered."""
    if len(answers) != len(version.items) or any(answer is None for answer in answers):
        return None
    raw = sum(item_score(version, number, a) for number, a in enumerate(answers, start=1) if a is not None)
    if version.score == "mean":
        return round(raw / len(answers), 2)
    if version.conversion:
        return round(float(version.conversion[str(raw)]), 2)
    return float(raw)


def answers_problem(version, answers: Sequence[int | None]) -> str:
    """What is wrong with a set of answers for this version, or ''."""
    if len(answers) != len(version.items):
        return f"This questionnaire has {len(version.items)} items; {len(answers)} answers were given."
    for number, answer in enumerate(answers, start=1):
        if answer is not None and not version.response_min <= answer <= version.response_max:
            return (
                f"Item {number}: answer with a whole number from {version.response_min} "
                f"to {version.response_max}."
            )
    return ""
