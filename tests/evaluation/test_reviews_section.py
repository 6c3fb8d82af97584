"""The report's Learning Plan Review figures (the 2014 report's Graph 1), checked against hand counts."""

from datetime import date

import pytest

from tests.factories import category, make_student
from warp.evaluation.queries import QUOTES_PER_CATEGORY, evaluation_report
from warp.students.services import review_record

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def _review(student, on, codes, *, words="I go out more now.", quote=False, tutor=None):
    return review_record(
        student=student,
        review_date=on,
        changes=words,
        held_by=tutor,
        quote_consent=quote,
        categories=[category(code) for code in codes],
        today=date(2026, 1, 1),
    )


def _counts(section):
    return {row.label: row.count for row in section.by_category}


def test_a_student_counts_once_per_category_however_often_reviewed(personas):
    ana, ben, cat = make_student(), make_student(), make_student()
    _review(ana, date(2025, 3, 1), ["self-management", "acceptance-hope"])
    _review(ana, date(2025, 9, 1), ["self-management"])  # the same category again: still one student
    _review(ben, date(2025, 4, 1), ["self-management", "employment"])
    _review(cat, date(2025, 5, 1), ["no-change"])
    _review(cat, date(2025, 6, 1), [])  # not coded yet
    _review(ben, date(2024, 12, 31), ["empathy"])  # before the period

    reviews = evaluation_report(start=START, end=END).reviews

    assert (reviews.count, reviews.students, reviews.coded) == (5, 3, 4)
    counts = _counts(reviews)
    assert counts["Improve self-management"] == 2
    assert counts["Acceptance / hope"] == 1
    assert counts["Employment / voluntary work"] == 1
    assert counts["No change"] == 1
    assert counts["Empathy for others"] == 0
    assert len(counts) == 11  # every category shows, named or not


def test_only_consented_words_are_quoted_newest_first_and_at_most_five(personas):
    for n in range(QUOTES_PER_CATEGORY + 2):
        _review(make_student(), date(2025, 1, 1 + n), ["self-discovery"], words=f"Quote {n}", quote=True)
    _review(make_student(), date(2025, 2, 1), ["self-discovery"], words="Please do not quote me", quote=False)

    rows = {row.label: row for row in evaluation_report(start=START, end=END).reviews.by_category}

    quotes = rows["Self-discovery"].quotes
    assert quotes == [f"Quote {n}" for n in range(QUOTES_PER_CATEGORY + 1, 1, -1)]
    assert "Please do not quote me" not in quotes
    assert rows["No change"].quotes == []


def test_reviews_appear_in_csv_json_and_the_page(personas, client_for):
    import csv
    import io
    import json

    from django.urls import reverse

    _review(make_student(), date(2025, 3, 1), ["peer-support-group"], words="We started a group.", quote=True)
    client = client_for("centre_manager")
    query = "?start=2025-01-01&end=2025-12-31"
    data = json.loads(client.get(reverse("evaluation:report-json") + query).content)
    assert data["reviews"]["count"] == 1 and data["reviews"]["students"] == 1
    named = {row["label"]: row["count"] for row in data["reviews"]["by_category"]}
    assert named["Set up peer support group"] == 1
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("evaluation:report-csv") + query).content.decode()))
    )
    assert {r["group"]: r["value"] for r in rows if r["section"] == "reviews.by_category"}[
        "Set up peer support group"
    ] == "1"
    page = client.get(reverse("evaluation:report") + query).content.decode()
    assert "We started a group." in page and "Changes students named" in page
