"""Issue 16, item 4: figures pooled over teams appear only when at least three teams contribute.

The report (lines 1432 and 1450) asks each team to benchmark itself for its own use, "because they see the value
for themselves", and to display its own graph if it chooses; a pooled figure over one or two teams would be
that team's own result shown to others."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.teams.factories import CARER, PERSON, STAFF, care_ratings, make_round, make_team
from warp.teams import services
from warp.teams.queries import SMALL_NUMBER, care_summary, team_summary

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


def test_small_number_for_pooled_team_figures_is_three():
    """Report line 1432: teams run their TRIP for themselves; three teams is the smallest pool shown."""
    assert SMALL_NUMBER == 3


def test_trip_pooled_averages_are_hidden_below_three_teams_and_exact_from_three():
    """Report line 1444: averages over every score; pooled over teams' latest rounds only from 3 teams."""
    make_round(make_team(), held_on=date(2026, 1, 10), responses=[(PERSON, 1), (STAFF, 2)])
    first = make_team()
    make_round(first, held_on=date(2025, 6, 1), responses=[(CARER, 0)])  # an earlier round: not pooled
    make_round(first, held_on=date(2026, 2, 1), responses=[(CARER, 4)])

    two = team_summary(today=TODAY)
    assert two.pooled_teams == 2
    assert all(average is None for _, average in two.pooled_latest)

    make_round(make_team(), held_on=date(2026, 2, 20), responses=[(STAFF, 5)])
    three = team_summary(today=TODAY)
    assert three.pooled_teams == 3
    # every score of each team's latest round: 1, 2, 4 and 5 -> 12 / 4 = 3.0
    assert {average for _, average in three.pooled_latest} == {Decimal("3.0")}


def test_the_summaries_page_shows_no_pooled_average_for_two_teams(client_for):
    """Report line 1432: a commissioner reading two teams' pooled averages would read those teams' own."""
    make_round(make_team(), held_on=date(2026, 1, 10), responses=[(PERSON, 4)])
    make_round(make_team(), held_on=date(2026, 1, 10), responses=[(PERSON, 2)])
    page = client_for("commissioner").get(reverse("teams:summaries")).content.decode()
    assert "Pooled averages appear once at least 3 teams have held a round" in page
    assert "Average score out of 5" not in page


def test_triangle_of_care_counts_are_hidden_below_three_teams_on_every_summary(client_for):
    """Report lines 1432 and 1450 (the same rule for every pooled team summary): the Triangle of Care counts per
    standard and level, pooled over teams, are hidden until three teams have self-assessed in the year."""
    year = date.today().year
    services.care_assessment_save(team=make_team(name="Alpha Ward"), year=year, ratings=care_ratings("fully"))
    services.care_assessment_save(team=make_team(name="Beta CMHT"), year=year, ratings=care_ratings("partly"))

    two = care_summary(year=year)
    assert (two.assessed_teams, two.shown, two.rows) == (2, False, [])
    hidden = "The count for each standard appears once at least 3 teams have self-assessed"
    assert hidden in client_for("commissioner").get(reverse("teams:summaries")).content.decode()
    care_page = client_for("partnership_lead").get(reverse("teams:care-summary") + f"?year={year}")
    assert hidden in care_page.content.decode()

    services.care_assessment_save(team=make_team(name="Gamma Team"), year=year, ratings=care_ratings("not"))
    three = care_summary(year=year)
    assert three.shown and all(counts == [1, 1, 1] for _, counts in three.rows)
    assert hidden not in client_for("commissioner").get(reverse("teams:summaries")).content.decode()
