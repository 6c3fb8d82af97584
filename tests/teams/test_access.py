"""A team lead reaches only their own teams' records; another team's pages answer 404."""

import pytest
from django.urls import reverse

from tests.teams.url_access import world as build_world

OTHER_TEAM_PAGES = [
    ("teams:team-detail", "other_team", "pk"),
    ("teams:team-history", "other_team", "pk"),
    ("teams:round-create", "other_team", "team_pk"),
    ("teams:care-create", "other_team", "team_pk"),
    ("teams:round-detail", "other_round", "pk"),
    ("teams:round-edit", "other_round", "pk"),
    ("teams:round-poster", "other_round", "pk"),
    ("teams:response-add", "other_round", "pk"),
    ("teams:links", "other_round", "pk"),
    ("teams:focus-create", "other_round", "pk"),
    ("teams:focus-detail", "other_area", "pk"),
    ("teams:action-create", "other_area", "pk"),
    ("teams:action-edit", "other_action", "pk"),
    ("teams:care-detail", "other_care", "pk"),
    ("teams:care-edit", "other_care", "pk"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "key", "kwarg"), OTHER_TEAM_PAGES)
def test_team_lead_gets_404_for_another_teams_pages_and_partnership_lead_sees_them(
    name, key, kwarg, personas, client_for
):
    built = build_world({"personas": personas})
    url = reverse(name, kwargs={kwarg: built[key].pk})
    assert client_for("team_lead").get(url).status_code == 404
    assert client_for("partnership_lead").get(url).status_code == 200


@pytest.mark.django_db
def test_team_list_shows_a_team_lead_only_their_own_teams(personas, client_for):
    build_world({"personas": personas})
    page = client_for("team_lead").get(reverse("teams:team-list")).content.decode()
    assert "Hillside Ward" in page
    assert "Poole CMHT" not in page
    everyone = client_for("partnership_lead").get(reverse("teams:team-list")).content.decode()
    assert "Hillside Ward" in everyone and "Poole CMHT" in everyone


@pytest.mark.django_db
def test_team_lead_cannot_post_a_response_to_another_teams_round(personas, client_for):
    built = build_world({"personas": personas})
    url = reverse("teams:response-add", kwargs={"pk": built["other_round"].pk})
    before = built["other_round"].responses.count()
    response = client_for("team_lead").post(url, {"perspective": "staff"})
    assert response.status_code == 404
    assert built["other_round"].responses.count() == before


@pytest.mark.django_db
def test_commissioner_summary_names_no_team(personas, client_for):
    build_world({"personas": personas})
    page = client_for("commissioner").get(reverse("teams:summaries")).content.decode()
    assert "Team summaries" in page
    assert "Hillside Ward" not in page and "Poole CMHT" not in page
