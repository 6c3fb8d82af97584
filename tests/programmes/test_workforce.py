"""The peer workforce: placements, who sees which team's peer workers, posts by team over time, and the
work register's peer workers from these records."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.programmes import factories
from tests.teams.factories import make_lead, make_team
from warp.programmes import queries
from warp.programmes.access import visible_placements
from warp.programmes.models import Placement
from warp.programmes.services import workforce as services

TODAY = date(2026, 6, 1)


@pytest.fixture
def staff(personas):
    """Hillside (led by the team lead persona): Ash in post since March 2023, Bea there from 2022 to June
    2023. Harbour (another lead's): Cy, a peer trainer since February 2025."""
    hillside = make_team(name="Hillside Ward", leads=[personas["team_lead"]])
    harbour = make_team(name="Harbour Crisis Team", leads=[make_lead()])
    ash = factories.make_worker(first_name="Ash", last_name="Quennell")
    bea = factories.make_worker(first_name="Bea", last_name="Tolland")
    cy = factories.make_worker(first_name="Cy", last_name="Oduya")
    factories.place(ash, hillside, started_on=date(2023, 3, 1))
    factories.place(
        bea,
        hillside,
        role_name="Peer support worker",
        started_on=date(2022, 1, 10),
        ended_on=date(2023, 6, 30),
    )
    factories.place(cy, harbour, role_name="Peer trainer", started_on=date(2025, 2, 1))
    return {"hillside": hillside, "harbour": harbour, "ash": ash, "bea": bea, "cy": cy}


def test_the_workforce_counts_posts_in_post_by_role_and_by_team_over_the_years(staff):
    result = queries.workforce(Placement.objects.all(), today=TODAY)
    assert result.in_post == 2
    assert [(t.team_name, [str(p.worker) for p in t.placements]) for t in result.teams] == [
        ("Harbour Crisis Team", ["Cy Oduya"]),
        ("Hillside Ward", ["Ash Quennell"]),
    ]
    assert result.by_role == [("Peer specialist", 1), ("Peer trainer", 1)]
    assert result.years == [2022, 2023, 2024, 2025, 2026]
    assert result.posts_by_team == [
        ("Harbour Crisis Team", [0, 0, 0, 1, 1]),
        ("Hillside Ward", [1, 2, 1, 1, 1]),
    ]


def test_a_team_lead_sees_only_their_own_teams_peer_workers(staff, personas, client_for):
    result = queries.workforce(visible_placements(personas["team_lead"]), today=TODAY)
    assert [t.team_name for t in result.teams] == ["Hillside Ward"]
    client = client_for("team_lead")
    assert client.get(reverse("programmes:worker-detail", args=[staff["cy"].pk])).status_code == 404
    assert client.get(reverse("programmes:worker-detail", args=[staff["ash"].pk])).status_code == 200
    assert "Cy Oduya" not in client.get(reverse("programmes:workforce")).content.decode()


def test_a_team_lead_records_supervision_but_never_its_content(staff, client_for):
    client = client_for("team_lead")
    response = client.post(
        reverse("programmes:supervision-create", args=[staff["ash"].pk]),
        {"held_on": "2026-05-04", "supervisor": "Dr Lark"},
    )
    assert response.status_code == 302
    assert [f.name for f in staff["ash"].supervisions.model._meta.concrete_fields] == [
        "id",
        "worker",
        "held_on",
        "supervisor",
    ]


def test_a_worker_cannot_hold_two_overlapping_posts_in_one_team(staff):
    with pytest.raises(ValidationError, match="already in post"):
        factories.place(staff["ash"], staff["hillside"], started_on=date(2026, 1, 1))
    factories.place(staff["bea"], staff["hillside"], started_on=date(2024, 1, 1))  # after her last one ended


def test_a_placement_ends_on_or_after_it_started(staff):
    placement = staff["ash"].placements.get()
    with pytest.raises(ValidationError):
        services.placement_end(placement=placement, ended_on=date(2023, 2, 1))


def test_the_work_register_shows_each_teams_peer_workers_in_post_from_the_records(staff, client_for):
    page = client_for("partnership_lead").get(reverse("teams:register")).content.decode()
    assert "Ash Quennell (Peer specialist)" in page
    assert "Cy Oduya (Peer trainer)" in page
    assert "Bea Tolland" not in page  # her placement ended
    csv = client_for("partnership_lead").get(reverse("teams:register-csv")).content.decode()
    assert "Ash Quennell (Peer specialist)" in csv


def test_the_workforce_page_makes_the_same_queries_however_many_workers(
    staff, personas, client_for, django_assert_max_num_queries
):
    for n in range(12):
        factories.place(
            factories.make_worker(first_name=f"W{n}"), staff["hillside"], started_on=date(2024, 1, 1)
        )
    client = client_for("partnership_lead")
    # session, user; placements in post with worker, team and role; by role; first start; posts by year;
    # every worker; the menu
    with django_assert_max_num_queries(9):
        assert client.get(reverse("programmes:workforce")).status_code == 200
    # session, user; the worker; placements; training; supervision
    with django_assert_max_num_queries(7):
        assert client.get(reverse("programmes:worker-detail", args=[staff["ash"].pk])).status_code == 200
