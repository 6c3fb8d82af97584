"""The fidelity framework as data, the centre's ratings, and their chart over time."""

import json
from datetime import date

import pytest
from django.urls import reverse

from warp.cli import main
from warp.network.models import FidelityComponent, FidelityLevel, FidelityRating
from warp.network.queries import latest_fidelity
from warp.network.services import rating_record

pytestmark = pytest.mark.django_db

# Invented for the tests (as the README's example is): no published framework's wording.
FRAMEWORK = {
    "name": "An invented framework",
    "components": [
        {
            "code": "TOGETHER",
            "name": "Planned together",
            "description": "Who plans the courses.",
            "levels": [
                {"level": 1, "name": "Staff alone", "description": "Staff plan every course."},
                {"level": 2, "name": "Sometimes shared", "description": "Some courses are planned together."},
                {"level": 3, "name": "Always shared", "description": "Every course is planned together."},
            ],
        },
        {
            "code": "OPEN",
            "name": "Open doors",
            "description": "Who may come.",
            "levels": [
                {"level": 1, "name": "Referral only", "description": ""},
                {"level": 2, "name": "Anyone", "description": ""},
            ],
        },
    ],
}


def _load(tmp_path, capsys, data) -> tuple[int, str]:
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(data))
    code = main(["network", "framework", "load", str(path)])
    return code, capsys.readouterr().out


def test_loading_a_framework_twice_changes_nothing(tmp_path, capsys):
    code, out = _load(tmp_path, capsys, FRAMEWORK)
    assert code == 0 and "2 component(s) added" in out
    before = (list(FidelityComponent.objects.values()), list(FidelityLevel.objects.values()))
    code, out = _load(tmp_path, capsys, FRAMEWORK)
    assert code == 0 and "0 component(s) added, 2 updated" in out
    assert (list(FidelityComponent.objects.values()), list(FidelityLevel.objects.values())) == before
    assert FidelityLevel.objects.filter(component__code="TOGETHER").count() == 3


def test_a_component_left_out_of_a_new_framework_keeps_its_ratings_but_is_not_offered(tmp_path, capsys):
    _load(tmp_path, capsys, FRAMEWORK)
    rating_record(
        component=FidelityComponent.objects.get(code="OPEN"),
        rated_on=date(2026, 3, 1),
        level=2,
        evidence="Yes",
    )
    code, out = _load(tmp_path, capsys, {"components": FRAMEWORK["components"][:1]})
    assert code == 0 and "1 no longer offered" in out
    assert FidelityRating.objects.count() == 1
    assert [row.code for row in latest_fidelity()] == ["TOGETHER"]


@pytest.mark.parametrize(
    "data, says",
    [
        ({"components": []}, 'a list of "components"'),
        ({"components": [{"code": "A", "name": "A", "levels": [{"level": 1, "name": "x"}]}]}, "at least two"),
        (
            {
                "components": [
                    {
                        "code": "A",
                        "name": "A",
                        "levels": [{"level": 1, "name": "x"}, {"level": 3, "name": "y"}],
                    }
                ]
            },
            "Component 1 (A), level 2: 'level' must be the whole number 2",
        ),
        ({"components": [{"code": "", "name": "A", "levels": []}]}, "Component 1: 'code' must be some text"),
        (
            {"components": [FRAMEWORK["components"][0], FRAMEWORK["components"][0]]},
            "Component 2 (TOGETHER): the code appears twice",
        ),
    ],
    ids=["no components", "one level", "levels skip", "no code", "code twice"],
)
def test_a_framework_with_a_problem_says_where_and_loads_nothing(tmp_path, capsys, data, says):
    code, out = _load(tmp_path, capsys, data)
    assert code == 2 and says in out and "Nothing was loaded" in out
    assert not FidelityComponent.objects.exists()


def test_a_rating_outside_the_components_levels_is_refused(tmp_path, capsys, client_for):
    _load(tmp_path, capsys, FRAMEWORK)
    component = FidelityComponent.objects.get(code="OPEN")
    response = client_for("centre_manager").post(
        reverse("network:fidelity-rate"),
        {"component": component.pk, "rated_on": "01/03/2026", "level": 3, "evidence": "We think so."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a level from 1 to 2." in page and "We think so." in page
    assert not FidelityRating.objects.exists()


def test_ratings_over_time_are_recorded_and_charted(
    tmp_path, capsys, client_for, django_assert_max_num_queries
):
    _load(tmp_path, capsys, FRAMEWORK)
    client = client_for("centre_manager")
    together = FidelityComponent.objects.get(code="TOGETHER")
    for day, level in (("01/03/2025", 1), ("01/03/2026", 3)):
        response = client.post(
            reverse("network:fidelity-rate"),
            {
                "component": together.pk,
                "rated_on": day,
                "level": level,
                "evidence": "Minutes of the planning group.",
                "actions": "Invite two more peer trainers.",
            },
        )
        assert response.status_code == 302
    latest = {row.code: row for row in latest_fidelity()}
    assert latest["TOGETHER"].level == 3 and latest["TOGETHER"].rated_on == date(2026, 3, 1)
    assert latest["OPEN"].level is None
    # Session and user (2), ratings (1), latest per component (1), components and their levels (2).
    with django_assert_max_num_queries(10):
        page = client.get(reverse("network:fidelity")).content.decode()
    assert "Your centre&#x27;s fidelity ratings over time" in page or "ratings over time" in page
    assert "data:image/svg+xml" in page
    assert "3 of 3" in page and "Invite two more peer trainers." in page
    assert "2 ratings so far" in page


def test_the_readmes_example_framework_loads(tmp_path, capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The fidelity framework file", 1)[1]
    example = section.split("```json", 1)[1].split("```", 1)[0]
    code, out = _load(tmp_path, capsys, json.loads(example))
    assert code == 0, out
    assert set(FidelityComponent.objects.values_list("code", flat=True)) == {"PAIRS", "CHOICE"}
