"""The carers' needs prioritisation, run as the report describes it (report lines 757-775)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from warp.teams import seeds, services
from warp.teams.models import CarerProblem, PrioritisationExercise
from warp.teams.queries import exercise_results


@pytest.fixture
def exercise(db):
    return services.exercise_create(title="Dorset workshop", held_on=date(2014, 1, 23))


def _problems(exercise, *names):
    return [services.carer_problem_create(exercise=exercise, name=n) for n in names]


def test_a_new_exercise_starts_from_an_empty_list_or_the_reports_named_problems_only(db):
    """Report lines 757-767: the list is the exercise's own (the study had 34); the report's named
    problems are an optional starting set, nothing else is seeded."""
    empty = services.exercise_create(title="Our own list", held_on=date(2026, 3, 1))
    assert empty.problems.count() == 0
    started = services.exercise_create(
        title="From the report", held_on=date(2026, 3, 1), start_from_report=True
    )
    assert sorted(started.problems.values_list("name", flat=True)) == sorted(seeds.REPORT_PROBLEMS)
    assert len(seeds.REPORT_PROBLEMS) == 8
    # No shared list is left over from the old seeding.
    assert not CarerProblem.objects.exclude(exercise__in=[empty, started]).exists()


def test_participants_choose_only_from_their_own_exercises_list(exercise):
    """Report line 757: each rates five problems "from the same list"."""
    other = services.exercise_create(title="Another", held_on=date(2026, 3, 1))
    (elsewhere,) = _problems(other, "Somewhere else")
    with pytest.raises(ValidationError):
        services.participant_add(exercise=exercise, label="P1", group="carers", picks=[elsewhere])


def test_the_same_problem_cannot_be_typed_twice_on_one_list(exercise, client_for):
    _problems(exercise, "Rapport with the care team")
    response = client_for("partnership_lead").post(
        reverse("teams:problem-add", args=[exercise.pk]), {"name": "rapport with the care team"}
    )
    assert response.status_code == 200
    assert "already on the exercise" in response.content.decode()
    assert exercise.problems.count() == 1


def test_results_compare_the_four_perspectives_pick_by_pick(exercise):
    """Report lines 757 and 765: carers and professionals agreed on two problems and differed on the rest;
    the Dorset group mixed carers, professionals, third-sector partners and people with lived
    experience."""
    diagnosis, family, partners = _problems(
        exercise, "Early diagnosis", "Family communication", "Equal partners"
    )
    services.participant_add(
        exercise=exercise, label="C1", group="carers", picks=[diagnosis, family, partners]
    )
    services.participant_add(exercise=exercise, label="C2", group="carers", picks=[partners])
    services.participant_add(exercise=exercise, label="P1", group="professionals", picks=[diagnosis, family])
    services.participant_add(exercise=exercise, label="T1", group="third_sector", picks=[family])
    results = exercise_results(exercise)
    assert results.perspectives == [
        "Carers and supporters",
        "Professionals",
        "People who use services",
        "Third-sector workers",
    ]
    rows = {r.problem.name: (r.counts, r.total) for r in results.comparison}
    assert rows == {
        "Family communication": ([1, 1, 0, 1], 3),
        "Early diagnosis": ([1, 1, 0, 0], 2),
        "Equal partners": ([2, 0, 0, 0], 2),
    }
    assert [r.problem.name for r in results.comparison][0] == "Family communication"


def test_the_group_picks_a_top_three_of_three_different_problems_in_order(exercise):
    """Report lines 761-765: the group prioritised three, self-esteem first."""
    esteem, partners, trust, other = _problems(exercise, "Self-esteem", "Equal partners", "Trust", "Other")
    with pytest.raises(ValidationError):
        services.group_top_three_record(exercise=exercise, problems=[esteem, esteem, trust])
    services.group_top_three_record(exercise=exercise, problems=[other, partners, trust])
    services.group_top_three_record(exercise=exercise, problems=[esteem, partners, trust])
    assert [p.name for p in exercise_results(exercise).top_three] == [
        "Self-esteem",
        "Equal partners",
        "Trust",
    ]
    other.refresh_from_db()
    assert other.group_rank is None


def test_priority_areas_are_condensed_from_the_problems_they_came_from(exercise):
    """Report line 767: "rapport with care team included being treated as an equal partner and being
    listened to"."""
    partners, listened, skills = _problems(exercise, "Equal partners", "Being listened to", "Self-reliance")
    rapport = services.priority_area_create(
        exercise=exercise, name="Rapport with the care team", problems=[partners, listened]
    )
    assert set(rapport.problems.all()) == {partners, listened}
    other = services.exercise_create(title="Another", held_on=date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.priority_area_create(exercise=other, name="Skills", problems=[skills])
    (area,) = exercise_results(exercise).areas
    assert area.came_from == ["Being listened to", "Equal partners"]


def test_progress_shows_average_highest_and_lowest_and_the_three_areas_named(exercise):
    """Report line 767: average 35%, most progress rapport 49%, least self-reliant skills 20%, self-esteem
    36%; lines 769-775: build on the strongest, the weakest and the most important."""
    rapport = services.priority_area_create(exercise=exercise, name="Rapport with the care team")
    skills = services.priority_area_create(exercise=exercise, name="Self-reliant skills")
    esteem = services.priority_area_create(exercise=exercise, name="Self-esteem, pride and confidence")
    a, b = (
        services.participant_add(exercise=exercise, label=f"P{i}", group="people", picks=[]) for i in "12"
    )
    services.progress_ratings_record(participant=a, ratings={rapport: 50, skills: 18, esteem: 30})
    services.progress_ratings_record(participant=b, ratings={rapport: 48, skills: 22, esteem: 42})
    services.exercise_conclusions_record(
        exercise=exercise, strongest=rapport, weakest=skills, most_important=esteem
    )
    results = exercise_results(exercise)
    assert {x.name: x.average for x in results.areas} == {rapport.name: 49, skills.name: 20, esteem.name: 36}
    assert results.average_progress == 35  # (50+18+30+48+22+42) / 6 = 35
    assert (results.lowest_rating, results.highest_rating) == (18, 50)
    assert [x.name for x in results.highest] == [rapport.name]
    assert [x.name for x in results.lowest] == [skills.name]
    assert (results.strongest.name, results.weakest.name, results.most_important.name) == (
        rapport.name,
        skills.name,
        esteem.name,
    )
    other = services.exercise_create(title="Another", held_on=date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.exercise_conclusions_record(
            exercise=other, strongest=rapport, weakest=None, most_important=None
        )


def test_the_whole_exercise_runs_through_the_pages(db, client_for):
    """Report lines 757-775 end to end: list, five picks with a perspective, top three, an area from its
    problems, a progress rating, and the three areas named, all shown on the exercise page."""
    client = client_for("partnership_lead")
    response = client.post(
        reverse("teams:exercise-create"),
        {"title": "Spring workshop", "held_on": "2026-03-01", "start_from_report": "on"},
    )
    exercise = PrioritisationExercise.objects.get(title="Spring workshop")
    assert response.url == reverse("teams:problem-add", args=[exercise.pk])
    client.post(reverse("teams:problem-add", args=[exercise.pk]), {"name": "A break from caring"})
    problems = list(exercise.problems.order_by("name"))
    assert len(problems) == 9
    picks = [p.pk for p in problems[:5]]
    client.post(
        reverse("teams:participant-add", args=[exercise.pk]),
        {"label": "Participant 1", "group": "third_sector", "picks": picks},
    )
    participant = exercise.participants.get()
    assert participant.group == "third_sector" and participant.picks.count() == 5
    first, second, third = problems[:3]
    client.post(
        reverse("teams:top-three", args=[exercise.pk]),
        {"first": first.pk, "second": second.pk, "third": third.pk},
    )
    client.post(
        reverse("teams:area-add", args=[exercise.pk]),
        {"name": "Rapport with the care team", "problems": [first.pk, second.pk]},
    )
    area = exercise.areas.get()
    client.post(
        reverse("teams:progress-add", args=[exercise.pk]),
        {"participant": participant.pk, f"area_{area.pk}": "40"},
    )
    client.post(
        reverse("teams:conclusions", args=[exercise.pk]),
        {"strongest": area.pk, "weakest": area.pk, "most_important": area.pk},
    )
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert "Third-sector workers: 1" in page
    assert f"Condensed from: {first.name}; {second.name}" in page
    assert "ratings ranged from 40% to 40%" in page
    assert "Most important area: <strong>Rapport with the care team</strong>" in page
    assert page.index(first.name, page.index("top three")) < page.index(third.name, page.index("top three"))


def test_a_top_three_with_a_repeated_problem_is_refused_kindly_keeping_the_choices(exercise, client_for):
    a, b = _problems(exercise, "One", "Two")
    response = client_for("partnership_lead").post(
        reverse("teams:top-three", args=[exercise.pk]), {"first": a.pk, "second": a.pk, "third": b.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose three different problems" in page
    assert not exercise.problems.filter(group_rank__isnull=False).exists()
