"""The report's agreement between two coders of Learning Plan Reviews (`reviews.agreement`), checked against
hand counts and, on random codings, against an independent recount."""

import csv
import io
import json
import random
from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import category, make_student
from warp.evaluation.disclosure import DisclosureRule, for_commissioners
from warp.evaluation.queries import agreement_section, evaluation_report, kappa
from warp.students.models import OutcomeCategory, ReviewSecondCoding
from warp.students.second_coding import review_final_agree, review_sample_draw, review_second_code
from warp.students.services import review_record

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def double_coded(personas, on: date, first: list[str], second: list[str]) -> ReviewSecondCoding:
    """A review first coded by the admissions tutor, drawn, and coded again by the centre manager."""
    review = review_record(
        student=make_student(),
        review_date=on,
        changes="I go out more now.",
        held_by=personas["admissions_tutor"],
        categories=[category(code) for code in first],
        today=date(2026, 1, 1),
    )
    review_sample_draw(start=on, end=on, percent=100, by=personas["centre_manager"])
    coding = ReviewSecondCoding.objects.get(review=review)
    review_second_code(
        second_coding=coding, categories=[category(code) for code in second], by=personas["centre_manager"]
    )
    return coding


@pytest.fixture
def four_codings(personas):
    """Four double-coded reviews in the period (two agree exactly), one outside it, one drawn but not
    coded a second time yet."""
    double_coded(personas, date(2025, 2, 1), ["self-management"], ["self-management"])
    double_coded(personas, date(2025, 3, 1), ["self-management", "acceptance-hope"], ["self-management"])
    double_coded(personas, date(2025, 4, 1), ["no-change"], ["no-change"])
    double_coded(personas, date(2025, 5, 1), ["relationships"], ["acceptance-hope"])
    double_coded(personas, date(2024, 12, 31), ["employment"], ["empathy"])  # before the period
    review_record(
        student=make_student(),
        review_date=date(2025, 6, 1),
        changes="Drawn, waiting.",
        held_by=personas["admissions_tutor"],
        categories=[category("empathy")],
        today=date(2026, 1, 1),
    )
    review_sample_draw(
        start=date(2025, 6, 1), end=date(2025, 6, 1), percent=100, by=personas["centre_manager"]
    )


def _kappas(section) -> dict:
    return {row.label: row.kappa for row in section.by_category}


def test_agreement_matches_the_hand_count(four_codings):
    # n = 4; the same categories in 2 of them: 50.0%.
    # Self-management: first yes 2, second yes 2, both 2 -> po 1, pe (4 + 4) / 16 = 0.5 -> kappa 1.0.
    # Acceptance / hope: first 1 (review 2), second 1 (review 4), both 0 -> po 2/4, pe (1 + 9)/16 -> -0.33.
    # No change: 1, 1, both 1 -> po 1, pe 10/16 -> 1.0.
    # Relationships: first 1, second 0 -> po 3/4, pe (0 + 12)/16 = 3/4 -> 0.0.
    # Employment and the rest: nobody said yes -> chance agreement is certain -> undefined (None).
    section = evaluation_report(start=START, end=END).reviews.agreement
    assert section.double_coded == 4
    assert section.percent_agreement == 50.0
    kappas = _kappas(section)
    assert kappas["Improve self-management"] == 1.0
    assert kappas["Acceptance / hope"] == -0.33
    assert kappas["No change"] == 1.0
    assert kappas["Improve relationships"] == 0.0
    assert kappas["Employment / voluntary work"] is None
    assert kappas["Empathy for others"] is None
    assert list(kappas) == [c.label for c in OutcomeCategory.objects.filter(is_active=True)]


def test_kappa_is_undefined_only_where_chance_agreement_is_certain():
    assert kappa(n=0, first=0, second=0, both=0) is None
    assert kappa(n=3, first=3, second=3, both=3) is None  # every review yes from both
    assert kappa(n=3, first=0, second=0, both=0) is None  # every review no from both
    assert kappa(n=3, first=3, second=2, both=2) == 0.0  # one coder always yes: agreement is only chance
    # 10 reviews: 4 both yes, 1 only first, 1 only second, 4 both no: po 0.8, pe 0.5 -> 0.6.
    assert kappa(n=10, first=5, second=5, both=4) == 0.6


def test_no_second_codings_in_the_period_gives_nothing_to_show(personas):
    section = agreement_section(start=START, end=END)
    assert (section.double_coded, section.percent_agreement) == (0, None)
    assert all(row.kappa is None for row in section.by_category)


def test_the_report_counts_the_first_coding_until_a_final_one_is_agreed(personas):
    coding = double_coded(personas, date(2025, 3, 1), ["relationships"], ["acceptance-hope"])

    def graph_1():
        return {row.label: row.count for row in evaluation_report(start=START, end=END).reviews.by_category}

    before = graph_1()
    assert before["Improve relationships"] == 1 and before["Acceptance / hope"] == 0

    review_final_agree(
        second_coding=coding, categories=[category("acceptance-hope")], by=personas["admissions_tutor"]
    )

    after = graph_1()
    assert after["Improve relationships"] == 0 and after["Acceptance / hope"] == 1
    # The agreement figures still compare the two independent codings, not the final one.
    agreement = agreement_section(start=START, end=END)
    assert agreement.percent_agreement == 0.0
    # One review: first yes, second no -> po 0, pe 0 -> kappa 0.0.
    assert _kappas(agreement)["Improve relationships"] == 0.0


def test_commissioners_see_small_agreement_figures_suppressed(four_codings):
    report = for_commissioners(evaluation_report(start=START, end=END), DisclosureRule(threshold=7, base=5))
    agreement = report.reviews.agreement
    assert agreement.double_coded == "*"
    assert agreement.percent_agreement == "*"
    assert {row.kappa for row in agreement.by_category} <= {"*", None}


def test_agreement_shows_the_same_in_json_csv_the_page_and_the_pdf(four_codings, client_for):
    from pypdf import PdfReader

    client = client_for("centre_manager")
    query = "?start=2025-01-01&end=2025-12-31"
    data = json.loads(client.get(reverse("evaluation:report-json") + query).content)
    agreement = data["reviews"]["agreement"]
    assert set(agreement) == {"double_coded", "percent_agreement", "by_category"}
    assert all(set(row) == {"label", "kappa"} for row in agreement["by_category"])
    assert (agreement["double_coded"], agreement["percent_agreement"]) == (4, 50.0)
    kappas = {row["label"]: row["kappa"] for row in agreement["by_category"]}
    assert kappas["Acceptance / hope"] == -0.33

    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("evaluation:report-csv") + query).content.decode()))
    )
    in_csv = {(r["section"], r["measure"], r["group"]): r["value"] for r in rows}
    assert in_csv[("reviews.agreement", "double_coded", "")] == "4"
    assert in_csv[("reviews.agreement", "percent_agreement", "")] == "50.0"
    assert in_csv[("reviews.agreement.by_category", "kappa", "Acceptance / hope")] == "-0.33"
    assert in_csv[("reviews.agreement.by_category", "kappa", "Empathy for others")] == ""

    page = client.get(reverse("evaluation:report") + query).content.decode()
    assert "4 reviews were coded a second time" in page
    assert "50.0%" in page and "-0.33" in page

    pdf = client.get(reverse("evaluation:report-pdf") + query).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "How far two coders agree" in text and "-0.33" in text


def test_the_agreement_query_count_does_not_grow_with_reviews(personas, django_assert_max_num_queries):
    for day in range(1, 4):
        double_coded(personas, date(2025, 3, day), ["self-management"], ["empathy"])
    # Totals, first coder's yes per category, second coder's yes per category, the categories.
    with django_assert_max_num_queries(4):
        agreement_section(start=START, end=END)
    for day in range(4, 12):
        double_coded(personas, date(2025, 3, day), ["no-change"], ["no-change"])
    with django_assert_max_num_queries(4):
        assert agreement_section(start=START, end=END).double_coded == 11


CODES = ["self-management", "acceptance-hope", "relationships", "employment", "no-change"]
coding_strategy = st.sampled_from(
    [[code] for code in CODES] + [[a, b] for a in CODES[:4] for b in CODES[:4] if a < b]
)


def _recount(pairs: list[tuple[list[str], list[str]]], labels: dict[str, str]) -> tuple[float | None, dict]:
    """An independent recount: every review's two sets, counted one by one."""
    n = len(pairs)
    same = sum(1 for first, second in pairs if set(first) == set(second))
    percent = None if n == 0 else round(100 * same / n, 1)
    kappas = {}
    for code, label in labels.items():
        table = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
        for first, second in pairs:
            table[(code in first, code in second)] += 1
        if n == 0:
            kappas[label] = None
            continue
        observed = Fraction(table[(True, True)] + table[(False, False)], n)
        p_first = Fraction(table[(True, True)] + table[(True, False)], n)
        p_second = Fraction(table[(True, True)] + table[(False, True)], n)
        expected = p_first * p_second + (1 - p_first) * (1 - p_second)
        kappas[label] = None if expected == 1 else round(float((observed - expected) / (1 - expected)), 2)
    return percent, kappas


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pairs=st.lists(st.tuples(coding_strategy, coding_strategy), max_size=8),
    outside=st.lists(st.tuples(coding_strategy, coding_strategy), max_size=2),
)
def test_agreement_equals_an_independent_recount_on_random_codings(personas, pairs, outside):
    ReviewSecondCoding.objects.all().delete()
    for index, (first, second) in enumerate(pairs):
        double_coded(personas, date(2025, 1 + index, 28), first, second)
    for index, (first, second) in enumerate(outside):
        double_coded(personas, date(2024, 1 + index, 1), first, second)  # before the period
    labels = {c.code: c.label for c in OutcomeCategory.objects.filter(is_active=True)}

    section = agreement_section(start=START, end=END)

    percent, kappas = _recount(pairs, labels)
    assert section.double_coded == len(pairs)
    assert section.percent_agreement == percent
    assert _kappas(section) == kappas


def test_a_sample_takes_the_percentage_rounded_up_of_coded_undrawn_reviews_in_the_period(personas):
    def coded_review(on, codes=("self-management",)):
        return review_record(
            student=make_student(),
            review_date=on,
            changes="Words.",
            held_by=personas["admissions_tutor"],
            categories=[category(code) for code in codes],
            today=date(2026, 1, 1),
        )

    in_period = [coded_review(date(2025, 3, day)) for day in range(1, 8)]
    coded_review(date(2024, 3, 1))  # outside
    coded_review(date(2025, 3, 9), codes=())  # not coded: cannot be drawn
    drawn = review_sample_draw(
        start=START, end=END, percent=20, by=personas["centre_manager"], chooser=random.Random(4)
    )
    assert (drawn.drawn, drawn.eligible) == (2, 7)  # 20% of 7 = 1.4, rounded up
    sampled = set(ReviewSecondCoding.objects.values_list("review_id", flat=True))
    assert len(sampled) == 2 and sampled <= {review.pk for review in in_period}
    again = review_sample_draw(start=START, end=END, percent=100, by=personas["centre_manager"])
    assert (again.drawn, again.eligible) == (5, 5)  # those drawn before are not drawn again
