"""The service-use report: hand-computed figures, an independent recount on random answers, the four
formats, commissioners' suppressed copy, the command line, and query counts."""

import csv
import io
import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_student
from warp.cli import main as warp_main
from warp.privacy.bundle import build_bundle
from warp.privacy.services import student_erase
from warp.service_use.models import ServiceUseAnswer
from warp.service_use.queries import service_use_report
from warp.service_use.services import service_save, service_use_record

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)
PERIOD = "?start=2025-01-01&end=2025-12-31"


@pytest.fixture
def services():
    return {
        "gp": service_save(code="gp", label="GP appointment", unit_cost=Decimal("39.00"), source="Example"),
        "ae": service_save(code="ae", label="A&E attendance", unit_cost=Decimal("160.00"), source="Example"),
        "crisis": service_save(
            code="crisis", label="Crisis team", unit_cost=Decimal("250.50"), source="Example"
        ),
    }


def answer(student, on, period, months, services, **contacts):
    return service_use_record(
        student=student,
        answered_on=on,
        period=period,
        months=months,
        contacts={services[code]: count for code, count in contacts.items()},
        entered_by=None,
    )


@pytest.fixture
def centre(services):
    """Ana, Ben and Hal are counted; Cat, Dan, Eve, Fay and Gus are not (see each)."""
    s = services
    ana, ben, cat, dan, eve, fay, gus, hal = (make_student() for _ in range(8))
    answer(ana, date(2025, 1, 10), "before", 3, s, gp=6, ae=3)  # her earliest before: 2 GP, 1 A&E a month
    answer(ana, date(2025, 2, 1), "before", 1, s, gp=10)  # a later before: not used
    answer(ana, date(2025, 6, 1), "after", 3, s, gp=3)  # an earlier after: not used
    answer(ana, date(2025, 9, 1), "after", 6, s, gp=6, crisis=1)  # her latest after: 1 GP, 1/6 crisis
    answer(ben, date(2025, 3, 1), "before", 2, s, ae=1)  # 0.5 A&E a month
    answer(ben, date(2025, 5, 1), "after", 2, s)  # nothing used
    answer(cat, date(2025, 4, 1), "before", 3, s, gp=3)  # no after
    answer(dan, date(2025, 2, 1), "after", 3, s, gp=3)  # his after is before his before
    answer(dan, date(2025, 3, 1), "before", 3, s, gp=3)
    answer(eve, date(2024, 12, 31), "before", 3, s, gp=3)  # before outside the period
    answer(eve, date(2025, 3, 1), "after", 3, s, gp=3)
    answer(fay, date(2025, 11, 1), "before", 3, s, gp=3)
    answer(fay, date(2026, 1, 5), "after", 3, s, gp=3)  # after outside the period
    answer(gus, date(2025, 12, 31), "before", 1, s, gp=3)  # the same day is not after
    answer(gus, date(2025, 12, 31), "after", 1, s, gp=1)
    answer(hal, date(2025, 1, 1), "before", 1, s, crisis=2)  # both edges of the period count
    answer(hal, date(2025, 12, 31), "after", 1, s)


# Three people. GP: before (2 + 0 + 0) / 3 = 0.67, after (1 + 0 + 0) / 3 = 0.33.
# A&E: before (1 + 0.5 + 0) / 3 = 0.50, after 0. Crisis: before (0 + 0 + 2) / 3 = 0.67, after (1/6) / 3 = 0.06.
# Cost before: 2/3 x 39 + 0.5 x 160 + 2/3 x 250.50 = 26 + 80 + 167 = 273.00.
# Cost after: 1/3 x 39 + 1/18 x 250.50 = 13 + 13.9166... = 26.92; change 26.9166... - 273 = -246.08.
EXPECTED = {
    "people": 3,
    "services": [
        {
            "code": "ae",
            "label": "A&E attendance",
            "unit_cost": 160.0,
            "before_per_month": 0.5,
            "after_per_month": 0.0,
        },
        {
            "code": "crisis",
            "label": "Crisis team",
            "unit_cost": 250.5,
            "before_per_month": 0.67,
            "after_per_month": 0.06,
        },
        {
            "code": "gp",
            "label": "GP appointment",
            "unit_cost": 39.0,
            "before_per_month": 0.67,
            "after_per_month": 0.33,
        },
    ],
    "cost_before_per_month": 273.0,
    "cost_after_per_month": 26.92,
    "cost_change_per_month": -246.08,
}


def test_the_report_matches_the_hand_count(centre):
    assert service_use_report(start=START, end=END).to_dict() == EXPECTED


def test_warp_report_service_use_writes_the_same_report_in_every_format(centre, tmp_path, capsys):
    base = ["report", "service-use", "--start", "2025-01-01", "--end", "2025-12-31"]
    assert warp_main([*base, "--format", "json", "--output", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text()) == EXPECTED
    assert warp_main([*base, "--format", "csv", "--output", str(tmp_path / "r.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    values = {(r["section"], r["measure"], r["group"]): r["value"] for r in rows}
    assert values[("people", "people", "")] == "3"
    assert values[("services", "after_per_month", "crisis")] == "0.06"
    assert values[("costs", "cost_change_per_month", "")] == "-246.08"
    assert any("self-reported and uncontrolled" in r["value"] for r in rows)
    assert warp_main([*base, "--format", "html", "--output", str(tmp_path / "r.html")]) == 0
    html = (tmp_path / "r.html").read_text()
    assert "£273.00" in html and "£-246.08" in html and "self-reported and uncontrolled" in html
    assert warp_main([*base, "--format", "pdf", "--output", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert warp_main([*base, "--format", "json", "--suppress"]) == 0
    suppressed = json.loads(capsys.readouterr().out)
    assert suppressed["people"] == "*" and suppressed["cost_before_per_month"] == "*"


def test_managers_see_exact_figures_and_commissioners_the_suppressed_form(centre, client_for):
    manager = client_for("centre_manager")
    assert json.loads(manager.get(reverse("evaluation:service-use-json") + PERIOD).content) == EXPECTED
    page = manager.get(reverse("evaluation:service-use") + PERIOD).content.decode()
    assert "3 students are counted" in page and "£26.92" in page
    assert "self-reported and uncontrolled" in page
    commissioner = client_for("commissioner")
    data = json.loads(commissioner.get(reverse("evaluation:service-use-json") + PERIOD).content)
    assert data["people"] == "*"
    assert {row["before_per_month"] for row in data["services"]} == {"*"}
    assert data["services"][0]["unit_cost"] == 160.0  # the centre's own figure, not about people
    page = commissioner.get(reverse("evaluation:service-use") + PERIOD).content.decode()
    assert "£273.00" not in page and "Counts from 1 to 7" in page


def test_the_report_pages_query_count_does_not_grow_with_answers(
    services, client_for, django_assert_max_num_queries
):
    client = client_for("centre_manager")

    def add(n):
        for _ in range(n):
            student = make_student()
            answer(student, date(2025, 2, 1), "before", 3, services, gp=3, ae=1)
            answer(student, date(2025, 8, 1), "after", 2, services, gp=1)

    add(2)
    # Session, user, second factor, roles; people, before sums, after sums, services.
    with django_assert_max_num_queries(10):
        client.get(reverse("evaluation:service-use") + PERIOD)
    with django_assert_max_num_queries(10):
        client.get(reverse("evaluation:service-use-json") + PERIOD)
    add(10)
    with django_assert_max_num_queries(10):
        client.get(reverse("evaluation:service-use") + PERIOD)
    with django_assert_max_num_queries(4):
        assert service_use_report(start=START, end=END).people == 12


def test_a_students_answers_are_in_their_bundle_and_erasure_keeps_the_report(centre, personas):
    ana = ServiceUseAnswer.objects.order_by("pk").first().student
    bundle = build_bundle(ana)
    assert len(bundle["sections"]["service_use.ServiceUseAnswer"]) == 4
    assert len(bundle["sections"]["service_use.ServiceContact"]) == 6
    before = service_use_report(start=START, end=END).to_dict()
    student_erase(student=ana, by=personas["administrator"], basis="Asked to be forgotten")
    assert service_use_report(start=START, end=END).to_dict() == before


def _two(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


answer_strategy = st.tuples(
    st.integers(min_value=0, max_value=40),  # days after 2024-12-20 (some fall before the period)
    st.sampled_from(["before", "after"]),
    st.integers(min_value=1, max_value=12),
    st.dictionaries(st.sampled_from(["gp", "ae", "crisis"]), st.integers(min_value=0, max_value=20)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(st.lists(answer_strategy, max_size=4), max_size=5))
def test_the_report_equals_an_independent_recount_on_random_answers(services, people):
    from datetime import timedelta

    ServiceUseAnswer.objects.all().delete()
    start, end = date(2025, 1, 1), date(2025, 1, 20)
    kept: list[list[tuple[date, str, int, dict]]] = []
    for answers in people:
        student = make_student()
        mine = []
        for offset, period, months, contacts in answers:
            on = date(2024, 12, 20) + timedelta(days=offset)
            if any(on == d and period == p for d, p, _, _ in mine):
                continue  # one answer per student, date and period
            answer(student, on, period, months, services, **contacts)
            mine.append((on, period, months, contacts))
        kept.append(mine)

    # The recount: one person at a time, straight from the rule.
    counted = []
    for mine in kept:
        befores = sorted((a for a in mine if a[1] == "before" and start <= a[0] <= end), key=lambda a: a[0])
        if not befores:
            continue
        afters = [a for a in mine if a[1] == "after" and start <= a[0] <= end and a[0] > befores[0][0]]
        if afters:
            counted.append((befores[0], max(afters, key=lambda a: a[0])))
    report = service_use_report(start=start, end=end).to_dict()
    assert report["people"] == len(counted)
    costs = {"gp": Fraction(39), "ae": Fraction(160), "crisis": Fraction(501, 2)}
    cost = {"before": Fraction(0), "after": Fraction(0)}
    for row in report["services"]:
        for index, period in enumerate(("before", "after")):
            total = sum(
                (Fraction(pair[index][3].get(row["code"], 0), pair[index][2]) for pair in counted),
                Fraction(0),
            )
            mean = total / len(counted) if counted else None
            assert row[f"{period}_per_month"] == (None if mean is None else _two(mean))
            if mean is not None:
                cost[period] += mean * costs[row["code"]]
    if counted:
        assert report["cost_before_per_month"] == _two(cost["before"])
        assert report["cost_after_per_month"] == _two(cost["after"])
        assert report["cost_change_per_month"] == _two(cost["after"] - cost["before"])
    else:
        assert report["cost_before_per_month"] is None and report["cost_change_per_month"] is None
