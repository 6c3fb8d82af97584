import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import answers, book, make_finished_run, make_student, sessions_all_deleted
from warp.bookings.models import BookingStatus
from warp.feedback.models import FeedbackResponse, FeedbackSource
from warp.feedback.services import AlreadyGiven, NotBooked, TooEarly, feedback_submit


def _portal(run, student, **extra):
    return feedback_submit(
        course_run=run,
        answers=extra.pop("answers", answers()),
        source=FeedbackSource.PORTAL,
        student=student,
        quote_consent=extra.pop("quote_consent", False),
    )


def test_student_gives_feedback_on_the_day_of_the_last_session(client_for, personas):
    student = make_student(user=personas["student"])
    run = make_finished_run(session_days=(-7, 0))
    book(student, run)
    response = client_for("student").post(
        reverse("feedback:give", args=[run.pk]),
        {
            "q_would_attend_again": "not_sure",
            "q_rating": "4",
            "q_helped": "The peer trainer's story.",
            "quote_consent": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("feedback:give-list")
    saved = FeedbackResponse.objects.get()
    assert (saved.student, saved.source, saved.quote_consent) == (student, "portal", True)
    assert (saved.would_attend_again, saved.rating) == ("not_sure", 4)


def test_headline_columns_are_kept_in_step_with_the_answers(db):
    student = make_student()
    run = make_finished_run()
    book(student, run)
    response = _portal(run, student, answers=answers(would_attend_again="no", rating="2"))
    by_code = {a.question.code: a for a in response.answers.select_related("question")}
    assert response.would_attend_again == by_code["would_attend_again"].text == "no"
    assert response.rating == by_code["rating"].rating == 2


def test_unanswered_headline_questions_are_blank_columns(db):
    student = make_student()
    run = make_finished_run()
    book(student, run)
    response = _portal(run, student, answers={"helped": "The handouts."})
    assert (response.would_attend_again, response.rating) == ("", None)


def test_feedback_before_the_last_session_is_refused_kindly(client_for, personas):
    student = make_student(user=personas["student"])
    run = make_finished_run(session_days=(-7, 3))
    book(student, run)
    with pytest.raises(TooEarly):
        _portal(run, student)
    page = client_for("student").get(reverse("feedback:give", args=[run.pk]))
    assert page.status_code == 200
    assert "opens on the day of the last session" in page.content.decode()
    assert 'name="q_rating"' not in page.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_a_run_with_no_sessions_is_not_open_for_feedback(db):
    student = make_student()
    run = make_finished_run(session_days=(7,))
    book(student, run)
    sessions_all_deleted(run)  # booked while it had a session; then the session was deleted
    with pytest.raises(TooEarly):
        _portal(run, student)


def test_one_response_per_student_per_run(db):
    student = make_student()
    run = make_finished_run()
    book(student, run)
    _portal(run, student)
    with pytest.raises(AlreadyGiven):
        _portal(run, student)
    # The database holds the rule too, whatever path a row takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackResponse.objects.create(
            course_run=run, student=student, source="portal", submitted_on=run.sessions.first().date
        )
    assert FeedbackResponse.objects.count() == 1


def test_a_second_attempt_gets_a_kind_message(client_for, personas):
    student = make_student(user=personas["student"])
    run = make_finished_run()
    book(student, run)
    _portal(run, student)
    client = client_for("student")
    response = client.post(reverse("feedback:give", args=[run.pk]), {"q_rating": "1"}, follow=True)
    assert "already given feedback" in response.content.decode()
    assert FeedbackResponse.objects.count() == 1


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.WAITING])
def test_students_only_reach_runs_they_had_a_place_on(client_for, personas, status):
    student = make_student(user=personas["student"])
    run = make_finished_run()
    book(student, run, status=status)
    other = make_finished_run()
    book(make_student(), other)
    client = client_for("student")
    assert client.get(reverse("feedback:give", args=[run.pk])).status_code == 404
    assert client.get(reverse("feedback:give", args=[other.pk])).status_code == 404
    with pytest.raises(NotBooked):
        _portal(run, student)


def test_an_empty_form_is_refused_and_what_was_typed_is_kept(client_for, personas):
    student = make_student(user=personas["student"])
    run = make_finished_run()
    book(student, run)
    client = client_for("student")
    url = reverse("feedback:give", args=[run.pk])
    page = client.post(url, {}).content.decode()
    assert "Please answer at least one question" in page
    page = client.post(url, {"q_rating": "9", "q_helped": "Meeting people like me"}).content.decode()
    assert "There is a problem" in page and "Meeting people like me" in page
    assert not FeedbackResponse.objects.exists()


def test_consent_to_quote_is_unticked_by_default_and_explained(client_for, personas):
    student = make_student(user=personas["student"])
    run = make_finished_run()
    book(student, run)
    page = client_for("student").get(reverse("feedback:give", args=[run.pk])).content.decode()
    checkbox = page[page.index('name="quote_consent"') - 120 : page.index('name="quote_consent"') + 120]
    assert "checked" not in checkbox
    assert "We never use your name" in page


def test_the_list_shows_only_runs_ready_and_still_waiting_for_feedback(
    client_for, personas, django_assert_max_num_queries
):
    student = make_student(user=personas["student"])
    ready, given, future, not_mine = (
        make_finished_run(title="Ready"),
        make_finished_run(title="Given"),
        make_finished_run(title="Future", session_days=(5,)),
        make_finished_run(title="Not mine"),
    )
    for run in (ready, given, future):
        book(student, run)
    book(make_student(), not_mine)
    _portal(given, student)
    client = client_for("student")
    page = client.get(reverse("feedback:give-list")).content.decode()
    assert "Ready" in page
    assert all(title not in page for title in ["Given", "Future", "Not mine"])


@pytest.mark.parametrize("runs", [3, 30])
def test_the_list_query_count_does_not_grow_with_runs(
    client_for, personas, django_assert_max_num_queries, runs
):
    student = make_student(user=personas["student"])
    for _ in range(runs):
        book(student, make_finished_run())
    client = client_for("student")
    # session, user, the student's record, the runs with their last session (course and term joined)
    with django_assert_max_num_queries(4):
        page = client.get(reverse("feedback:give-list"))
    assert len(re.findall(r'href="/feedback/give/\d+/"', page.content.decode())) == runs
