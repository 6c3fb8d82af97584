"""The awards: nominations through a link, consent before anything is published, judging with conflicts."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.programmes import factories
from warp.programmes.models import AwardCategory, Nomination, NomineeConsent, Score
from warp.programmes.services import awards as services


@pytest.fixture
def year(db):
    return factories.make_year(2026)


def test_the_categories_start_as_the_reports_five(db):
    assert list(AwardCategory.objects.values_list("name", flat=True)) == [
        "Strength",
        "Courage",
        "Compassion",
        "Kindness",
        "Inspiration",
    ]


def test_anyone_with_the_link_can_nominate_without_signing_in(year, client):
    url = reverse("programmes:nominate", args=[year.token])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "category": factories.category("Kindness").pk,
            "nominee_name": "Perrin Lowe",
            "nominee_contact": "perrin@example.org",
            "why": "Started a walking group on the ward.",
            "nominator_name": "Ines Bray",
            "nominator_contact": "07700 900123",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominee_name == "Perrin Lowe"
    assert nomination.nominee_consent == NomineeConsent.NOT_ASKED


def test_a_wrong_link_finds_nothing_and_a_missing_answer_keeps_what_was_typed(year, client):
    assert client.get(reverse("programmes:nominate", args=["not-the-token"])).status_code == 404
    response = client.post(
        reverse("programmes:nominate", args=[year.token]),
        {"category": factories.category().pk, "nominee_name": "Perrin Lowe", "why": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Perrin Lowe" in html
    assert not Nomination.objects.exists()


def test_closed_nominations_say_so_kindly(year, client):
    services.award_year_update(
        award_year=year, nominations_open=False, ceremony_on=None, venue="", attendance=None
    )
    page = client.get(reverse("programmes:nominate", args=[year.token]))
    assert "Nominations have closed" in page.content.decode()
    with pytest.raises(ValidationError):
        factories.nominate(year)


def test_a_winner_is_published_only_once_the_nominee_agrees(year, client, personas):
    nomination = factories.nominate(year, nominee="Rowan Hale")
    services.nomination_shortlist(nomination=nomination, shortlisted=True)
    services.winner_choose(nomination=nomination)
    url = reverse("programmes:winners", args=[2026])
    assert "Rowan Hale" not in client.get(url).content.decode()
    services.nominee_consent_record(
        nomination=nomination, consent=NomineeConsent.REFUSED, on=year_day(), by=personas["partnership_lead"]
    )
    assert "Rowan Hale" not in client.get(url).content.decode()
    services.nominee_consent_record(
        nomination=nomination, consent=NomineeConsent.GIVEN, on=year_day(), by=personas["partnership_lead"]
    )
    assert "Rowan Hale" in client.get(url).content.decode()


def year_day():
    from datetime import date

    return date(2026, 6, 1)


def test_only_a_shortlisted_nomination_wins_and_each_category_has_one_winner(year):
    first = factories.nominate(year, nominee="Rowan Hale")
    second = factories.nominate(year, nominee="Sky Penn")
    with pytest.raises(ValidationError):
        services.winner_choose(nomination=first)
    for nomination in (first, second):
        services.nomination_shortlist(nomination=nomination, shortlisted=True)
    services.winner_choose(nomination=first)
    services.winner_choose(nomination=second)
    assert list(Nomination.objects.filter(winner=True)) == [second]


def test_a_judge_with_a_declared_conflict_cannot_score_that_nomination(year, personas):
    nomination = factories.nominate(year)
    services.nomination_shortlist(nomination=nomination, shortlisted=True)
    judge = services.judge_add(award_year=year, user=personas["peer_trainer"])
    services.score_give(judge=judge, nomination=nomination, score=7)
    services.conflict_declare(judge=judge, nomination=nomination, reason="My neighbour")
    assert not Score.objects.exists()  # declaring withdraws the score already given
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.score_give(judge=judge, nomination=nomination, score=9)
    assert not Score.objects.exists()


def test_the_judging_page_refuses_a_conflicted_score_and_shows_the_judges_mean(year, personas, client_for):
    nomination = factories.nominate(year)
    services.nomination_shortlist(nomination=nomination, shortlisted=True)
    peer = services.judge_add(award_year=year, user=personas["peer_trainer"])
    other = services.judge_add(award_year=year, user=personas["admissions_tutor"])
    services.score_give(judge=other, nomination=nomination, score=8)
    services.score_give(judge=peer, nomination=nomination, score=5)
    client = client_for("peer_trainer")
    url = reverse("programmes:judge-nomination", args=[nomination.pk])
    assert client.post(url, {"reason": "We work together"}).status_code == 302
    page = client.get(url).content.decode()
    assert "You declared a conflict of interest" in page
    assert client.post(url, {"score": "10"}).status_code == 200
    assert list(Score.objects.values_list("score", flat=True)) == [8]
    detail = client_for("partnership_lead").get(reverse("programmes:award-year-detail", args=[year.pk]))
    row = detail.context["nominations"][0]
    assert (row.scores_count, row.mean_score, row.conflicts_count) == (1, 8, 1)


def test_someone_not_on_the_panel_cannot_reach_a_nomination_to_judge(year, client_for):
    nomination = factories.nominate(year)
    services.nomination_shortlist(nomination=nomination, shortlisted=True)
    assert (
        client_for("team_lead").get(reverse("programmes:judge-nomination", args=[nomination.pk])).status_code
        == 404
    )


def test_the_year_page_makes_the_same_queries_however_many_nominations(
    year, client_for, django_assert_max_num_queries
):
    for n in range(12):
        factories.nominate(year, nominee=f"Nominee {n}")
    client = client_for("partnership_lead")
    # session, user; the year; the nominations with their judging; the judges; the menu
    with django_assert_max_num_queries(8):
        assert client.get(reverse("programmes:award-year-detail", args=[year.pk])).status_code == 200
    # session, user; the years with their counts; the categories
    with django_assert_max_num_queries(6):
        assert client.get(reverse("programmes:awards")).status_code == 200
    # the year; the published winners
    with django_assert_max_num_queries(4):
        assert client.get(reverse("programmes:winners", args=[2026])).status_code == 200


def test_a_category_can_be_renamed_or_no_longer_offered(year, client_for):
    courage = factories.category("Courage")
    client = client_for("partnership_lead")
    response = client.post(
        reverse("programmes:category-edit", args=[courage.pk]),
        {"name": "Bravery", "description": "", "active": ""},
    )
    assert response.status_code == 302
    courage.refresh_from_db()
    assert (courage.name, courage.active) == ("Bravery", False)
    page = client.get(reverse("programmes:nominate", args=[year.token])).content.decode()
    assert "Bravery" not in page


def test_the_judging_list_makes_the_same_queries_however_many_nominations(
    year, personas, client_for, django_assert_max_num_queries
):
    judge = services.judge_add(award_year=year, user=personas["peer_trainer"])
    for n in range(10):
        nomination = factories.nominate(year, nominee=f"Nominee {n}")
        services.nomination_shortlist(nomination=nomination, shortlisted=True)
        if n % 2:
            services.score_give(judge=judge, nomination=nomination, score=6)
    client = client_for("peer_trainer")
    # session, user; the judge's seats with their years; one year's shortlist with own scores; the menu
    with django_assert_max_num_queries(6):
        response = client.get(reverse("programmes:judging"))
    assert response.status_code == 200
    assert response.content.decode().count("your score 6") == 5
