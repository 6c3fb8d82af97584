"""Lists, registers and reports make a bounded number of queries, however many rows there are."""

import base64
import re
import zlib
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.teams.factories import CARER, PERSON, STAFF, care_ratings, make_round, make_team
from warp.teams import services
from warp.teams.models import Challenge

# Every signed-in page starts with: the session and the user.
BASE = 2


def _teams(personas, n):
    lead = personas["team_lead"]
    teams = []
    for i in range(n):
        team = make_team(name=f"Ward {i:02}", leads=[lead])
        make_round(team, held_on=date(2025, 9, 1), responses=[(STAFF, 2), (PERSON, 3)])
        make_round(team, held_on=date(2025, 12, 1), responses=[(STAFF, 3), (CARER, 4), (PERSON, 4)])
        services.work_item_create(
            team=team, kind="skills_workshops", state="active", summary="Skills workshops"
        )
        services.care_assessment_save(team=team, year=date.today().year, ratings=care_ratings())
        teams.append(team)
    return teams


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_team_pages_make_a_bounded_number_of_queries(
    rows, personas, client_for, django_assert_max_num_queries
):
    teams = _teams(personas, rows)
    client = client_for("team_lead")
    # teams with review dates (subqueries) + their leads' names (one query of values)
    with django_assert_max_num_queries(BASE + 2):
        assert client.get(reverse("teams:team-list")).status_code == 200
    # the teams due for review, in one query
    with django_assert_max_num_queries(BASE + 1):
        assert client.get(reverse("teams:reviews-due")).status_code == 200
    last_round = teams[-1].trip_rounds.order_by("-held_on").first()
    # round+team, baseline, criteria, per-perspective averages, overall averages, raters, focus areas, links
    with django_assert_max_num_queries(BASE + 8):
        assert client.get(reverse("teams:round-detail", args=[last_round.pk])).status_code == 200
    # team, rounds, criteria, per-perspective, overall, raters
    with django_assert_max_num_queries(BASE + 6):
        assert client.get(reverse("teams:team-history", args=[teams[-1].pk])).status_code == 200
    # team, leads, rounds, latest results (criteria, 3 aggregates), work items, care assessments
    with django_assert_max_num_queries(BASE + 9):
        assert client.get(reverse("teams:team-detail", args=[teams[-1].pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_partnership_reports_make_a_bounded_number_of_queries(
    rows, personas, client_for, django_assert_max_num_queries
):
    _teams(personas, rows)
    client = client_for("partnership_lead")
    for i in range(rows):
        services.project_create(name=f"Project {i}", kind="community", summary="A community project")
    # work items with their teams, the teams with work, their peer workers in post (programmes), the
    # projects beyond teams
    with django_assert_max_num_queries(BASE + 4):
        assert client.get(reverse("teams:register")).status_code == 200
    with django_assert_max_num_queries(BASE + 4):
        assert client.get(reverse("teams:register-csv")).status_code == 200
    # rating counts, assessed teams, standards; progress: per standard and year, audits beside
    # self-assessments, teams with both, standards
    with django_assert_max_num_queries(BASE + 7):
        assert client.get(reverse("teams:care-summary")).status_code == 200
    # challenges + their actions
    challenge = Challenge.objects.get(number=2)
    for i in range(rows):
        services.challenge_action_create(challenge=challenge, title=f"Action {i}", owner="Tom")
    with django_assert_max_num_queries(BASE + 2):
        assert client.get(reverse("teams:strategy")).status_code == 200
    commissioner = client_for("commissioner")
    # kinds, states, recent rounds, pooled teams, pooled averages, criteria, care summary (3)
    with django_assert_max_num_queries(BASE + 9):
        assert commissioner.get(reverse("teams:summaries")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_carers_results_make_a_bounded_number_of_queries(
    rows, personas, client_for, django_assert_max_num_queries
):
    exercise = services.exercise_create(title="Workshop", held_on=date(2026, 1, 23), start_from_report=True)
    problems = list(exercise.problems.all()[:5])
    areas = [
        services.priority_area_create(exercise=exercise, name=f"Area {i}", problems=problems[:2])
        for i in range(3)
    ]
    services.group_top_three_record(exercise=exercise, problems=problems[:3])
    for i in range(rows):
        person = services.participant_add(exercise=exercise, label=f"P{i}", group="carers", picks=problems)
        services.progress_ratings_record(participant=person, ratings={a: 30 + i % 20 for a in areas})
    client = client_for("partnership_lead")
    # exercise, picks per perspective and problem, the exercise's problems, participants per perspective,
    # areas with averages, the areas' problems, overall average/lowest/highest
    with django_assert_max_num_queries(BASE + 7):
        assert client.get(reverse("teams:exercise-detail", args=[exercise.pk])).status_code == 200


@pytest.mark.django_db
def test_round_page_shows_the_chart_and_the_same_numbers_in_a_table(personas, client_for):
    team = make_team(leads=[personas["team_lead"]])
    make_round(team, held_on=date(2025, 9, 1), responses=[(STAFF, 1)])
    later = make_round(team, held_on=date(2025, 12, 1), responses=[(STAFF, [4] + [2] * 9)])
    page = client_for("team_lead").get(reverse("teams:round-detail", args=[later.pk])).content.decode()
    # The chart is an <img> with a data: URI (no inline SVG, so the page needs no 'unsafe-inline' styles).
    encoded = page.split('src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    chart = base64.b64decode(encoded).decode()
    assert "<svg" in chart
    assert "Baseline (Sep 2025)" in chart  # the baseline drawn behind the later round
    assert "Roles and" in chart and "community" in chart  # labelled axes (wrapped over two lines)
    assert '<th scope="row">1. Promoting Individual Roles and Identity and Community Connections</th>' in page
    assert "<strong>4.0</strong>" in page


def _pdf_objects(body: bytes) -> bytes:
    """The PDF's objects, with compressed object streams opened up, to look for page objects."""
    parts = [body]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.mark.django_db
def test_poster_is_a_one_page_pdf_of_the_latest_round(personas, client_for):
    team = make_team(leads=[personas["team_lead"]])
    first = make_round(team, held_on=date(2025, 9, 1), responses=[(STAFF, 1)])
    make_round(team, held_on=date(2025, 12, 1) + timedelta(days=1), responses=[(STAFF, 3), (PERSON, 4)])
    response = client_for("team_lead").get(reverse("teams:round-poster", args=[first.pk]))
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    objects = _pdf_objects(body)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", objects)) == 1  # one page, for the wall
    assert b"/XObject" in objects  # the chart is embedded


@pytest.mark.django_db
def test_review_dates_come_from_the_latest_round_and_count_every_round(personas):
    from warp.teams import queries
    from warp.teams.models import Team

    team = make_team(name="Ward A")
    make_team(name="Ward B")  # no round yet
    make_round(team, held_on=date(2025, 12, 1))
    first_same_day = make_round(team, held_on=date(2026, 1, 10))
    latest = make_round(team, held_on=date(2026, 1, 10))  # same day: the later one counts
    make_round(team, held_on=date(2025, 9, 1))  # typed in late, but older
    rows = {t.name: t for t in queries.teams_with_review_dates(Team.objects.all())}
    assert rows["Ward A"].latest_round_id == latest.pk != first_same_day.pk
    assert rows["Ward A"].latest_round_on == date(2026, 1, 10)
    assert rows["Ward A"].next_review_on == latest.next_review_on
    assert rows["Ward A"].rounds_count == 4
    assert (rows["Ward B"].latest_round_id, rows["Ward B"].next_review_on, rows["Ward B"].rounds_count) == (
        None,
        None,
        0,
    )
    due = queries.reviews_due(Team.objects.all(), today=latest.next_review_on)
    assert [t.name for t in due.due_soon] == ["Ward A"] and [t.name for t in due.not_started] == ["Ward B"]


@pytest.mark.django_db
def test_chart_of_a_round_with_no_scores_draws_without_warnings(recwarn):
    from warp.teams.charts import radar_svg
    from warp.teams.queries import results_for_rounds

    team = make_team(name="Ward Empty")
    empty = make_round(team, held_on=date(2025, 9, 1), responses=[])
    svg = radar_svg(results_for_rounds([empty])[empty.pk])
    assert "<svg" in svg
    assert not [str(w.message) for w in recwarn], "an empty round's chart should not warn"


@pytest.mark.django_db
def test_team_list_links_each_team_and_names_its_leads_and_next_review(personas, client_for):
    lead, other = personas["team_lead"], personas["partnership_lead"]
    ward = make_team(name="Ward A", leads=[lead, other])
    make_round(ward, held_on=date(2025, 12, 1), responses=[(STAFF, 3)])
    empty = make_team(name="Ward B")
    html = client_for("partnership_lead").get(reverse("teams:team-list")).content.decode()
    names = ", ".join(str(u) for u in sorted([lead, other], key=lambda u: (u.last_name, u.first_name)))
    assert f'<a href="{ward.get_absolute_url()}">Ward A</a>' in html
    assert f'<a href="{empty.get_absolute_url()}">Ward B</a>' in html
    assert f"<td>{names}</td>" in html
    next_review = ward.trip_rounds.get().next_review_on
    assert f"{next_review.day} {next_review:%b} {next_review.year}" in html
    due = client_for("partnership_lead").get(reverse("teams:reviews-due")).content.decode()
    assert f'<a href="{ward.get_absolute_url()}">Ward A</a>' in due
    assert "1 Dec 2025" in due
