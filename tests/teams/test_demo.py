import random
from datetime import date

import pytest

from warp.demo import DemoContext
from warp.demo import teams as demo_teams
from warp.teams.models import PrioritisationExercise, Team
from warp.teams.queries import exercise_results, team_history


@pytest.mark.django_db
def test_demo_teams_build_alone_with_improving_trip_rounds_and_carers_progress_near_35_percent():
    demo_teams.build(DemoContext(rng=random.Random(2012), today=date(2026, 6, 1)))
    assert Team.objects.count() == 12
    history = team_history(Team.objects.get(name="Hillside Ward"))
    assert len(history.rounds) == 3
    first = [v for row in history.rows if (v := row.values[0]) is not None]
    last = [v for row in history.rows if (v := row.values[-1]) is not None]
    assert sum(last) > sum(first)
    results = exercise_results(PrioritisationExercise.objects.get())
    assert 30 <= results.average_progress <= 40
