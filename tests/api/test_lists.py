"""The API's lists show what the matching page shows each role, a page at a time, audited, in a number of
queries that does not grow with the rows."""

import pytest

from tests.api.helpers import api_client
from tests.factories import book, make_run, make_student
from warp.api.paging import Pages
from warp.audit.models import AuditEntry


@pytest.mark.django_db
def test_a_trainer_sees_only_students_booked_on_their_runs(personas):
    mine = make_run(places=5, trainers=[personas["peer_trainer"]])
    theirs = make_run(places=5)
    booked = make_student(first_name="Robin", last_name="Ashdown")
    other = make_student(first_name="Kit", last_name="Fenwick")
    book(booked, mine)
    book(other, theirs)

    rows = api_client(personas["peer_trainer"]).get("/api/v1/students/").json()

    assert [row["last_name"] for row in rows["results"]] == ["Ashdown"]
    everyone = api_client(personas["admissions_tutor"]).get("/api/v1/students/").json()
    assert {"Ashdown", "Fenwick"} <= {row["last_name"] for row in everyone["results"]}


@pytest.mark.django_db
def test_the_student_list_comes_a_page_at_a_time_and_each_page_is_audited(personas, monkeypatch):
    monkeypatch.setattr(Pages, "page_size", 2)
    for n in range(3):
        make_student(first_name="Ada", last_name=f"Brook{n}")
    client = api_client(personas["admissions_tutor"])

    first = client.get("/api/v1/students/").json()
    second = client.get("/api/v1/students/?page=2").json()

    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"].endswith("page=2")
    assert [row["last_name"] for row in second["results"]] == ["Brook2"]
    viewed = AuditEntry.objects.filter(model="students.Student", note="Student list (API)")
    assert viewed.count() == 3
    assert client.get("/api/v1/students/?page=9").status_code == 404


@pytest.mark.django_db
def test_the_student_list_needs_the_same_queries_for_two_students_or_twenty(
    personas, django_assert_max_num_queries
):
    client = api_client(personas["admissions_tutor"])
    for _ in range(2):
        make_student()
    # The token (with its person), when it was last used, its audit entry, the count, the page of students
    # and the page's audit entries (one insert).
    with django_assert_max_num_queries(7) as few:
        client.get("/api/v1/students/")
    for _ in range(18):
        make_student()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/students/")


@pytest.mark.django_db
def test_a_trainers_register_lists_the_booked_students_and_is_audited(
    personas, django_assert_max_num_queries
):
    run = make_run(places=5, trainers=[personas["peer_trainer"]])
    session = run.sessions.order_by("date").first()
    for name in ("Ashdown", "Brook", "Carrow"):
        book(make_student(last_name=name), run)
    client = api_client(personas["peer_trainer"])

    # The token, its last use, its audit entry, the session (with course and venue), the register's rows
    # and their audit entries.
    with django_assert_max_num_queries(7):
        register = client.get(f"/api/v1/sessions/{session.pk}/register/").json()

    assert [row["last_name"] for row in register["students"]] == ["Ashdown", "Brook", "Carrow"]
    assert register["starts_at"] == "10:00"
    assert AuditEntry.objects.filter(note="Register (API)", object_id=str(session.pk)).count() == 3
    sessions = client.get("/api/v1/sessions/").json()
    assert {row["id"] for row in sessions["results"]} == set(run.sessions.values_list("pk", flat=True))
    assert (
        api_client(personas["professional_trainer"])
        .get(f"/api/v1/sessions/{session.pk}/register/")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_the_prospectus_lists_a_terms_published_runs_for_any_token(personas, django_assert_max_num_queries):
    run = make_run(places=4, title="Understanding anxiety")
    make_run(places=4, title="Not yet published", status="draft", term=run.term)
    client = api_client(personas["student"])

    # The token, its last use, its audit entry, the term, the count, the runs, their sessions and trainers.
    with django_assert_max_num_queries(9):
        listing = client.get(f"/api/v1/prospectus/?term={run.term_id}").json()

    assert [row["course"] for row in listing["results"]] == ["Understanding anxiety"]
    assert listing["results"][0]["places_left"] == 4 and len(listing["results"][0]["sessions"]) == 4
    assert client.get("/api/v1/prospectus/").json()["count"] == 1  # the term the prospectus opens on
    assert client.get("/api/v1/prospectus/?term=0").status_code == 400
