"""The Brief TRIP's arithmetic: averages per perspective and overall, raters, strongest and for development."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.teams.factories import CARER, PERSON, STAFF, make_round, make_team
from warp.teams.queries import round_results, team_history, top_with_ties

D = Decimal


@pytest.mark.django_db
def test_averages_are_per_perspective_and_overall_is_the_mean_of_every_score():
    team = make_team()
    # Criterion 1: people 4 and 5 (4.5), a carer 2 (2.0), staff 1, 1, 2 (1.3); overall (4+5+2+1+1+2)/6 = 2.5,
    # which differs from the mean of the three perspective averages (2.6): the overall weighs every rater once.
    trip_round = make_round(
        team,
        responses=[
            (PERSON, [4] + [3] * 9),
            (PERSON, [5] + [3] * 9),
            (CARER, [2] + [3] * 9),
            (STAFF, [1] + [3] * 9),
            (STAFF, [1] + [3] * 9),
            (STAFF, [2] + [3] * 9),
        ],
    )
    results = round_results(trip_round)
    first = results.criteria[0]
    assert first.by_perspective == {PERSON: D("4.5"), CARER: D("2.0"), STAFF: D("1.3")}
    assert first.overall == D("2.5")
    assert results.criteria[1].overall == D("3.0")
    assert results.raters == {PERSON: 2, CARER: 1, STAFF: 3}
    assert results.total_raters == 6


@pytest.mark.django_db
def test_a_perspective_with_no_raters_has_no_average():
    trip_round = make_round(make_team(), responses=[(STAFF, 4)])
    line = round_results(trip_round).criteria[0]
    assert line.by_perspective == {STAFF: D("4.0")}
    assert line.perspective_values() == [None, None, D("4.0")]


@pytest.mark.django_db
def test_strongest_and_development_show_every_criterion_tied_at_the_cut():
    # Criteria 3, 4 and 5 tie at 4 for third strongest; criteria 8, 9 and 10 are clearly lowest.
    values = [5, 5, 4, 4, 4, 3, 3, 2, 1, 0]
    results = round_results(make_round(make_team(), responses=[(STAFF, values)]))
    assert [line.criterion.number for line in results.strongest] == [1, 2, 3, 4, 5]
    assert [line.criterion.number for line in results.development] == [10, 9, 8]


@pytest.mark.django_db
def test_development_shows_ties_at_the_cut_too():
    values = [5, 5, 5, 4, 4, 4, 1, 1, 1, 1]
    results = round_results(make_round(make_team(), responses=[(STAFF, values)]))
    assert sorted(line.criterion.number for line in results.development) == [7, 8, 9, 10]
    assert sorted(line.criterion.number for line in results.strongest) == [1, 2, 3]


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12))
@settings(max_examples=200)
def test_top_with_ties_never_drops_a_value_equal_to_one_it_keeps(values):
    kept = top_with_ties(values, lambda v: v)
    ordered = sorted(values, reverse=True)
    cut = ordered[min(3, len(ordered)) - 1]  # the third highest (or the lowest of fewer than three)
    # Exactly the values at or above the cut, each as often as it occurs: ties with the third are kept.
    assert sorted(kept, reverse=True) == [v for v in ordered if v >= cut]


@pytest.mark.django_db
def test_history_shows_change_since_baseline_and_since_previous():
    from datetime import date

    team = make_team()
    make_round(team, held_on=date(2025, 6, 1), responses=[(STAFF, 1)])
    make_round(team, held_on=date(2025, 9, 1), responses=[(STAFF, 2)])
    make_round(team, held_on=date(2025, 12, 1), responses=[(STAFF, [4] + [2] * 9)])
    history = team_history(team)
    first, second = history.rows[0], history.rows[1]
    assert first.values == [D("1.0"), D("2.0"), D("4.0")]
    assert first.change_from_baseline == D("3.0")
    assert first.change_from_previous == D("2.0")
    assert second.change_from_previous == D("0.0")
