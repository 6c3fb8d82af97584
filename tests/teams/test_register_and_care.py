"""The work register (page, PDF, CSV), the Triangle of Care and the carers' prioritisation."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.teams.factories import care_ratings, make_team
from warp.teams import services
from warp.teams.models import TeamKind
from warp.teams.queries import care_summary, exercise_results


@pytest.fixture
def register(db):
    ward = make_team(name="Harbour Ward", kind=TeamKind.INPATIENT_WARD)
    cmht = make_team(name="Christchurch CMHT", kind=TeamKind.COMMUNITY_TEAM)
    services.work_item_create(
        team=ward, kind="peer_workers", state="active", summary="Peer workers on the ward"
    )
    services.work_item_create(
        team=cmht, kind="project_plan", state="on_hold", summary="Engaging with Life course"
    )
    return ward, cmht


def test_register_page_groups_work_by_kind_of_service(register, client_for):
    page = client_for("partnership_lead").get(reverse("teams:register")).content.decode()
    assert page.index("Inpatient ward") < page.index("Harbour Ward") < page.index("Community team")
    assert page.index("Community team") < page.index("Christchurch CMHT")
    assert "On hold" in page


def test_register_csv_has_one_row_per_piece_of_work(register, client_for):
    response = client_for("partnership_lead").get(reverse("teams:register-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Kind of service", "Team", "Work"]
    assert ["Inpatient ward", "Harbour Ward", "Peer workers"] == rows[1][:3]
    assert len(rows) == 3


def test_register_pdf_is_a_pdf(register, client_for):
    response = client_for("centre_manager").get(reverse("teams:register-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_one_triangle_of_care_assessment_per_team_per_year():
    team = make_team()
    services.care_assessment_save(team=team, year=2026, ratings=care_ratings())
    with pytest.raises(ValidationError):
        services.care_assessment_save(team=team, year=2026, ratings=care_ratings())
    services.care_assessment_save(team=team, year=2027, ratings=care_ratings())


@pytest.mark.django_db
def test_care_summary_counts_ratings_per_standard_without_naming_teams(client_for):
    services.care_assessment_save(team=make_team(name="Alpha Ward"), year=2026, ratings=care_ratings("fully"))
    services.care_assessment_save(team=make_team(name="Beta CMHT"), year=2026, ratings=care_ratings("partly"))
    services.care_assessment_save(
        team=make_team(name="Gamma Team"), year=2026, ratings=care_ratings("partly")
    )
    summary = care_summary(year=2026)
    assert summary.assessed_teams == 3
    assert all(counts == [0, 2, 1] for _, counts in summary.rows)
    page = client_for("partnership_lead").get(reverse("teams:care-summary") + "?year=2026").content.decode()
    assert "Alpha Ward" not in page and "Beta CMHT" not in page


@pytest.fixture
def exercise(db):
    return services.exercise_create(
        title="Carers' workshop", held_on=date(2026, 1, 23), start_from_report=True
    )


def test_a_participant_may_pick_up_to_five_problems_and_no_more(exercise, personas, client_for):
    """Report line 757: each participant rates the five problems that matter most to them."""
    problems = list(exercise.problems.all()[:6])
    services.participant_add(exercise=exercise, label="P1", group="carers", picks=problems[:5])
    with pytest.raises(ValidationError):
        services.participant_add(exercise=exercise, label="P2", group="carers", picks=problems)
    response = client_for("partnership_lead").post(
        reverse("teams:participant-add", args=[exercise.pk]),
        {"label": "P3", "group": "people", "picks": [p.pk for p in problems]},
    )
    assert response.status_code == 200
    assert "Choose up to 5 problems: 6 are ticked" in response.content.decode()
    assert exercise.participants.count() == 1


def test_problems_are_ranked_per_group_and_overall_with_ties_sharing_a_rank(exercise):
    a, b, c = (
        exercise.problems.get(name=n)
        for n in [
            "Rebuilding self-esteem, pride and confidence",
            "Rapport with the care team",
            "Self-reliant skills",
        ]
    )
    services.participant_add(exercise=exercise, label="P1", group="carers", picks=[a, b])
    services.participant_add(exercise=exercise, label="P2", group="carers", picks=[a])
    services.participant_add(exercise=exercise, label="P3", group="professionals", picks=[b, c])
    results = exercise_results(exercise)
    overall = {row.problem: (row.rank, row.tied, row.votes) for row in results.overall}
    assert overall[a] == (1, True, 2) and overall[b] == (1, True, 2) and overall[c] == (3, False, 1)
    groups = dict(results.by_group)
    assert [(r.problem, r.rank) for r in groups["Carers and supporters"]] == [(a, 1), (b, 2)]
    assert {r.problem for r in groups["Professionals"]} == {b, c}
    assert groups["People who use services"] == []


def test_progress_summary_shows_average_per_area_overall_and_lowest_and_highest(exercise):
    rapport = services.priority_area_create(exercise=exercise, name="Develop rapport with the care team")
    skills = services.priority_area_create(exercise=exercise, name="Develop self-reliant skills")
    esteem = services.priority_area_create(exercise=exercise, name="Rebuild self-esteem")
    people = [
        services.participant_add(exercise=exercise, label=f"P{i}", group="carers", picks=[]) for i in range(2)
    ]
    services.progress_ratings_record(participant=people[0], ratings={rapport: 50, skills: 20, esteem: 30})
    services.progress_ratings_record(participant=people[1], ratings={rapport: 48, skills: 20, esteem: 42})
    results = exercise_results(exercise)
    averages = {a.name: a.average for a in results.areas}
    assert averages == {rapport.name: 49, skills.name: 20, esteem.name: 36}
    assert results.average_progress == 35  # (50+20+30+48+20+42) / 6
    assert [a.name for a in results.highest] == [rapport.name]
    assert [a.name for a in results.lowest] == [skills.name]


@pytest.mark.django_db
def test_administrator_can_edit_the_seeded_trip_criteria_in_the_admin(personas, client_for):
    from warp.teams.models import TripCriterion

    personas["administrator"].is_superuser = True  # as the demo's administrator is
    personas["administrator"].save()
    criterion = TripCriterion.objects.get(number=1)
    url = reverse("admin:teams_tripcriterion_change", args=[criterion.pk])
    assert client_for("administrator").get(url).status_code == 200
    assert TripCriterion.objects.count() == 10
