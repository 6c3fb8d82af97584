"""Rater links: no account needed, one response per link, and a used link says so kindly."""

import pytest
from django.urls import reverse

from tests.teams.factories import CARER, make_round, make_team, scores
from warp.teams import services


def _form(values=3, perspective=CARER):
    return {"perspective": perspective, **{f"score_{pk}": v for pk, v in scores(values).items()}}


@pytest.mark.django_db
def test_links_have_distinct_unguessable_tokens():
    links = services.rater_links_create(round=make_round(make_team()), count=5)
    assert len({link.token for link in links}) == 5
    assert all(len(link.token) >= 40 for link in links)


@pytest.mark.django_db
def test_a_rater_answers_through_a_link_without_signing_in_and_only_once(client):
    trip_round = make_round(make_team(name="Seaview Ward"))
    link = services.rater_links_create(round=trip_round, count=1)[0]
    url = reverse("teams:rate", args=[link.token])
    page = client.get(url).content.decode()
    assert "Seaview Ward" in page and "Sign out" not in page
    assert client.post(url, _form()).status_code == 200
    assert trip_round.responses.get().perspective == CARER
    again = client.post(url, _form(5))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert trip_round.responses.count() == 1
    assert client.get(url).status_code == 410


@pytest.mark.django_db
def test_the_service_refuses_a_second_use_of_a_link():
    link = services.rater_links_create(round=make_round(make_team()), count=1)[0]
    services.rater_link_respond(token=link.token, perspective=CARER, scores=scores(2))
    with pytest.raises(services.LinkAlreadyUsed):
        services.rater_link_respond(token=link.token, perspective=CARER, scores=scores(2))


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("teams:rate", args=["not-a-real-token"])).status_code == 404


@pytest.mark.django_db
def test_an_incomplete_rater_form_keeps_the_link_unused(client):
    link = services.rater_links_create(round=make_round(make_team()), count=1)[0]
    response = client.post(reverse("teams:rate", args=[link.token]), {"perspective": CARER})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    link.refresh_from_db()
    assert link.used_at is None
