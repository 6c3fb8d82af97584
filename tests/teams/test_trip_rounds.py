"""Rounds, the three-month review rule, the review dashboard and the paper-form grid."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.teams.factories import STAFF, make_round, make_team, scores
from warp.teams import services


@pytest.mark.django_db
def test_next_review_defaults_to_exactly_three_months_after_the_round():
    trip_round = services.trip_round_create(team=make_team(), held_on=date(2026, 1, 15))
    assert trip_round.next_review_on == date(2026, 4, 15)
    end_of_month = services.trip_round_create(team=make_team(), held_on=date(2025, 11, 30))
    assert end_of_month.next_review_on == date(2026, 2, 28)


@pytest.mark.django_db
def test_a_review_later_than_three_months_is_refused_with_the_latest_allowed_date():
    with pytest.raises(ValidationError) as caught:
        services.trip_round_create(
            team=make_team(), held_on=date(2026, 1, 15), next_review_on=date(2026, 4, 16)
        )
    assert "15 April 2026" in str(caught.value)
    ok = services.trip_round_create(
        team=make_team(), held_on=date(2026, 1, 15), next_review_on=date(2026, 3, 1)
    )
    assert ok.next_review_on == date(2026, 3, 1)


@pytest.mark.django_db
def test_round_form_explains_the_three_month_rule_and_keeps_what_was_typed(personas, client_for):
    team = make_team(leads=[personas["team_lead"]])
    response = client_for("team_lead").post(
        reverse("teams:round-create", args=[team.pk]),
        {"held_on": "2026-01-15", "next_review_on": "2026-05-01", "notes": "First go"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "within three months" in page and "15 April 2026" in page
    assert "First go" in page and 'value="2026-05-01"' in page
    assert not team.trip_rounds.exists()


@pytest.mark.django_db
def test_reviews_due_lists_overdue_and_due_soon_but_not_later_reviews(personas, client_for):
    today = timezone.localdate()
    lead = personas["team_lead"]
    overdue = make_team(name="Overdue Ward", leads=[lead])
    services.trip_round_create(
        team=overdue, held_on=today - timedelta(days=100), next_review_on=today - timedelta(days=9)
    )
    soon = make_team(name="Soon CMHT", leads=[lead])
    services.trip_round_create(
        team=soon, held_on=today - timedelta(days=60), next_review_on=today + timedelta(days=10)
    )
    later = make_team(name="Later Crisis Team", leads=[lead])
    services.trip_round_create(team=later, held_on=today, next_review_on=today + timedelta(days=60))
    make_team(name="New Team", leads=[lead])
    page = client_for("team_lead").get(reverse("teams:reviews-due")).content.decode()
    assert "Overdue Ward" in page and "Soon CMHT" in page and "New Team" in page
    assert "Later Crisis Team" not in page
    assert page.index("Overdue Ward") < page.index("Soon CMHT")


@pytest.mark.django_db
def test_facilitator_types_a_paper_form_and_returns_to_an_empty_grid(personas, client_for):
    team = make_team(leads=[personas["team_lead"]])
    trip_round = make_round(team)
    data = {"perspective": STAFF, **{f"score_{pk}": v for pk, v in scores(4).items()}}
    response = client_for("team_lead").post(reverse("teams:response-add", args=[trip_round.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("teams:response-add", args=[trip_round.pk])
    assert trip_round.responses.get().scores.count() == 10


@pytest.mark.django_db
def test_a_score_above_five_is_refused_and_the_other_scores_are_kept(personas, client_for):
    team = make_team(leads=[personas["team_lead"]])
    trip_round = make_round(team)
    values = scores(3)
    first = next(iter(values))
    data = {"perspective": STAFF, **{f"score_{pk}": v for pk, v in values.items()}, f"score_{first}": 7}
    response = client_for("team_lead").post(reverse("teams:response-add", args=[trip_round.pk]), data)
    assert response.status_code == 200
    assert "from 0 to 5" in response.content.decode()
    assert not trip_round.responses.exists()


@pytest.mark.django_db
def test_centre_manager_may_read_a_round_but_not_type_in_forms(personas, client_for):
    trip_round = make_round(make_team(), responses=[(STAFF, 3)])
    client = client_for("centre_manager")
    assert client.get(reverse("teams:round-detail", args=[trip_round.pk])).status_code == 200
    assert client.post(reverse("teams:response-add", args=[trip_round.pk]), {}).status_code == 403


@pytest.mark.django_db
def test_reviews_due_rows_link_each_team_show_short_dates_and_escape_names(personas, client_for):
    from warp.core.words import short_date

    today = timezone.localdate()
    lead = personas["team_lead"]
    team = make_team(name="<b>Ward & Co</b>", leads=[lead])
    held, due = today - timedelta(days=100), today - timedelta(days=9)
    services.trip_round_create(team=team, held_on=held, next_review_on=due)
    fresh = make_team(name="O'Brien Team", leads=[lead])
    page = client_for("team_lead").get(reverse("teams:reviews-due")).content.decode()
    detail = reverse("teams:team-detail", args=[team.pk])
    assert f'<a href="{detail}">&lt;b&gt;Ward &amp; Co&lt;/b&gt;</a>' in page and "<b>Ward" not in page
    assert f"<td>{short_date(held)}</td><td>{short_date(due)}</td>" in page
    fresh_url = reverse("teams:team-detail", args=[fresh.pk])
    assert f'<li><a href="{fresh_url}">O&#x27;Brien Team</a></li>' in page


@pytest.mark.django_db
def test_team_list_rows_show_kind_leads_rounds_and_review_and_escape_names(personas, client_for):
    from warp.core.words import short_date
    from warp.teams.models import TeamKind

    today = timezone.localdate()
    lead = personas["team_lead"]
    team = make_team(name="<i>Ward & Co</i>", leads=[lead])
    due = today - timedelta(days=9)
    services.trip_round_create(team=team, held_on=today - timedelta(days=100), next_review_on=due)
    make_team(name="Fresh Team", leads=[lead])
    page = client_for("team_lead").get(reverse("teams:team-list")).content.decode()
    detail = reverse("teams:team-detail", args=[team.pk])
    assert f'<a href="{detail}">&lt;i&gt;Ward &amp; Co&lt;/i&gt;</a>' in page and "<i>Ward" not in page
    assert f"<td>{TeamKind.INPATIENT_WARD.label}</td>" in page and "<td>Poole</td>" in page
    assert f"<td>{lead.get_full_name() or lead.email}</td>" in page
    assert f'<td>{short_date(due)} <strong class="warp-tag">overdue</strong></td>' in page
    assert "<td>0</td>\n      <td>No round yet</td>" in page and "<td>1</td>" in page
