import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    # Exits with SystemExit(1) if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_runs_keep_their_trainers_perspectives_and_accounts_keep_their_role():
    """prospectus.0002 gives every existing place on a run its trainer's usual perspective; accounts.0004
    keeps each account's one role as its usual role with no other roles. Nobody's data is lost."""
    before = [
        ("accounts", "0003_mfa_secrets_encrypted_recovery_codes_hashed"),
        ("prospectus", "0001_initial"),
    ]
    old = _migrate(before)
    User = old.get_model("accounts", "User")
    peer = User.objects.create(
        email="peer.old@example.org", role="trainer", trainer_kind="peer", password="!"
    )
    pro = User.objects.create(
        email="pro.old@example.org", role="trainer", trainer_kind="professional", password="!"
    )
    tutor = User.objects.create(email="tutor.old@example.org", role="admissions_tutor", password="!")
    Term = old.get_model("prospectus", "Term")
    Course = old.get_model("prospectus", "Course")
    CourseRun = old.get_model("prospectus", "CourseRun")
    CourseRunTrainer = old.get_model("prospectus", "CourseRunTrainer")
    from datetime import date

    term = Term.objects.create(name="Autumn 2026", starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 1))
    course = Course.objects.create(title="Recovery Narratives")
    run = CourseRun.objects.create(course=course, term=term, places=12)
    CourseRunTrainer.objects.create(course_run=run, trainer=peer)
    CourseRunTrainer.objects.create(course_run=run, trainer=pro)

    new = _migrate([("accounts", "0004_several_roles"), ("prospectus", "0002_run_trainer_perspective")])
    places = new.get_model("prospectus", "CourseRunTrainer").objects.filter(course_run_id=run.pk)
    assert dict(places.values_list("trainer__email", "perspective")) == {
        "peer.old@example.org": "peer",
        "pro.old@example.org": "professional",
    }
    accounts = new.get_model("accounts", "User").objects.filter(pk__in=[peer.pk, pro.pk, tutor.pk])
    assert sorted(accounts.values_list("email", "role", "other_roles", "trainer_kind")) == [
        ("peer.old@example.org", "trainer", "", "peer"),
        ("pro.old@example.org", "trainer", "", "professional"),
        ("tutor.old@example.org", "admissions_tutor", "", ""),
    ]
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_existing_run_is_kept_and_the_feedback_imports_runs_become_historic():
    """prospectus.0005 adds a run's label and `is_historic` in place (the report triggers name the table):
    every run keeps its data, and the draft runs the feedback import made for history become historic."""
    from datetime import date

    old = _migrate([("prospectus", "0004_merge_course_themes")])
    Term, Course = old.get_model("prospectus", "Term"), old.get_model("prospectus", "Course")
    CourseRun = old.get_model("prospectus", "CourseRun")
    past = Term.objects.create(
        name="Spring 2013", starts_on=date(2013, 1, 7), ends_on=date(2013, 4, 5), is_historic=True
    )
    now = Term.objects.create(name="Autumn 2026", starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 1))
    narratives = Course.objects.create(title="Recovery Narratives")
    voices = Course.objects.create(title="Hearing Voices", is_historic=True)
    history = CourseRun.objects.create(course=narratives, term=past, places=0)  # the feedback import's
    old_course = CourseRun.objects.create(course=voices, term=now, places=0)  # likewise, in a live term
    live = CourseRun.objects.create(course=narratives, term=now, places=14, status="published")
    draft = CourseRun.objects.create(course=narratives, term=now, places=12)

    new = _migrate([("prospectus", "0005_historic_runs")])
    runs = new.get_model("prospectus", "CourseRun").objects
    assert dict(runs.values_list("pk", "is_historic")) == {
        history.pk: True,
        old_course.pk: True,
        live.pk: False,
        draft.pk: False,
    }
    assert dict(runs.values_list("pk", "places")) == {
        history.pk: 0,
        old_course.pk: 0,
        live.pk: 14,
        draft.pk: 12,
    }
    assert set(runs.values_list("label", flat=True)) == {""}
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_triangle_of_care_assessment_is_kept_as_a_self_assessment():
    """teams.0005 adds audits beside self-assessments: every existing assessment, with its ratings, becomes
    the team's self-assessment for its year; standards still named as first seeded take the report's words."""
    old = _migrate([("teams", "0006_seed_strategy_actions")])
    Team = old.get_model("teams", "Team")
    CareAssessment, CareRating = (
        old.get_model("teams", "CareAssessment"),
        old.get_model("teams", "CareRating"),
    )
    CareStandard = old.get_model("teams", "CareStandard")
    ward = Team.objects.create(name="Harbour Ward", kind="inpatient_ward", locality="Poole")
    kept = []
    for year in (2024, 2025):
        assessment = CareAssessment.objects.create(team=ward, year=year)
        for standard in CareStandard.objects.all():
            CareRating.objects.create(
                assessment=assessment, standard=standard, rating="partly", evidence=f"{year}"
            )
        kept.append(assessment.pk)

    new = _migrate([("teams", "0007_care_audits")])
    assessments = new.get_model("teams", "CareAssessment").objects.filter(pk__in=kept)
    assert sorted(assessments.values_list("year", "kind", "audited_by")) == [
        (2024, "self", ""),
        (2025, "self", ""),
    ]
    ratings = new.get_model("teams", "CareRating").objects.filter(assessment__in=kept)
    assert ratings.count() == 12 and set(ratings.values_list("evidence", flat=True)) == {"2024", "2025"}
    fifth = new.get_model("teams", "CareStandard").objects.get(number=5).name
    assert fifth.endswith("across the acute care pathway")
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_carers_exercises_keep_every_pick_on_their_own_copy_of_the_list():
    """teams.0008-0010: each exercise gets its own list of problems (report lines 757-765: the study's list
    of 34); an existing exercise keeps the shared list it was run with, retired problems still retired,
    and every participant's picks, progress ratings and areas. Nothing is lost."""
    from datetime import date

    old = _migrate([("teams", "0007_care_audits")])
    Problem = old.get_model("teams", "CarerProblem")
    Exercise = old.get_model("teams", "PrioritisationExercise")
    Participant = old.get_model("teams", "Participant")
    Area = old.get_model("teams", "PriorityArea")
    Rating = old.get_model("teams", "ProgressRating")
    Problem.objects.all().delete()
    esteem = Problem.objects.create(name="Self-esteem")
    rapport = Problem.objects.create(name="Rapport")
    Problem.objects.create(name="Retired one", active=False)
    first = Exercise.objects.create(title="Workshop 2014", held_on=date(2014, 1, 23))
    second = Exercise.objects.create(title="Workshop 2015", held_on=date(2015, 1, 23))
    carer = Participant.objects.create(exercise=first, label="P1", group="carers")
    carer.picks.set([esteem, rapport])
    pro = Participant.objects.create(exercise=second, label="P1", group="professionals")
    pro.picks.set([rapport])
    area = Area.objects.create(exercise=first, name="Rapport with the care team")
    Rating.objects.create(area=area, participant=carer, percent=49)

    new = _migrate([("teams", "0010_carer_problem_exercise_required")])
    Problem = new.get_model("teams", "CarerProblem")
    Participant = new.get_model("teams", "Participant")
    for exercise_pk in (first.pk, second.pk):
        assert sorted(Problem.objects.filter(exercise_id=exercise_pk).values_list("name", "active")) == [
            ("Rapport", True),
            ("Retired one", False),
            ("Self-esteem", True),
        ]
    assert Problem.objects.count() == 6  # no shared list left
    p1 = Participant.objects.get(pk=carer.pk)
    assert sorted(p1.picks.values_list("name", "exercise_id")) == [
        ("Rapport", first.pk),
        ("Self-esteem", first.pk),
    ]
    assert list(Participant.objects.get(pk=pro.pk).picks.values_list("name", "exercise_id")) == [
        ("Rapport", second.pk)
    ]
    assert new.get_model("teams", "ProgressRating").objects.get(participant_id=carer.pk).percent == 49
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
