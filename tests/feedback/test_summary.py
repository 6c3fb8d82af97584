import re

import pytest
from django.urls import reverse

from tests.factories import book, make_finished_run, make_student, paper_response
from warp.feedback.models import FeedbackResponse, FeedbackSource
from warp.feedback.queries import run_summary
from warp.feedback.services import feedback_submit


def test_summary_percentages_on_hand_made_data(personas):
    run = make_finished_run()
    manager = personas["centre_manager"]
    for attend, rating in [("yes", 5), ("yes", 4), ("no", None), ("", 3), ("not_sure", 2)]:
        paper_response(run, manager, would_attend_again=attend, rating=rating)
    paper_response(
        make_finished_run(), manager, would_attend_again="no", rating=1
    )  # another run: not counted
    summary = run_summary(run)
    assert summary.responses == 5
    # 2 yes out of the 4 who answered the question; the blank one is left out of the share.
    assert (summary.would_attend_again_yes, summary.answered_would_attend_again) == (2, 4)
    assert summary.would_attend_again_percent == 50.0
    assert (summary.rated, summary.average_rating) == (4, 3.5)


def test_summary_of_a_run_with_no_feedback_says_so(client_for, personas):
    run = make_finished_run()
    summary = run_summary(run)
    assert (summary.responses, summary.would_attend_again_percent, summary.average_rating) == (0, None, None)
    page = client_for("centre_manager").get(reverse("feedback:run-summary", args=[run.pk])).content.decode()
    assert "No answers yet" in page and "No ratings yet" in page


def test_summary_page_shows_written_answers_and_marks_which_may_be_quoted(client_for, personas):
    run = make_finished_run(trainers=[personas["peer_trainer"]])
    paper_response(
        run, personas["centre_manager"], quote_consent=True, helped="Hearing Jo's story gave me hope."
    )
    paper_response(run, personas["centre_manager"], quote_consent=False, helped="Being listened to.")
    page = client_for("peer_trainer").get(reverse("feedback:run-summary", args=[run.pk])).content.decode()
    assert "Hearing Jo&#x27;s story gave me hope." in page and "Being listened to." in page
    flags = re.findall(r'<span class="warp-flag">([^<]+)</span>', page)
    # each response wrote three comments (helped, could be better, co-delivery)
    assert sorted(set(flags)) == ["May be quoted", "Not for quoting"]
    assert flags.count("May be quoted") == 3 and flags.count("Not for quoting") == 3
    assert "100.0%" in page


def test_quotable_excludes_responses_without_consent(personas):
    run = make_finished_run()
    with_consent = paper_response(run, personas["centre_manager"], quote_consent=True)
    paper_response(run, personas["centre_manager"], quote_consent=False)
    student = make_student()
    book(student, run)
    feedback_submit(
        course_run=run,
        answers={"helped": "x"},
        source=FeedbackSource.PORTAL,
        student=student,
        quote_consent=False,
    )
    assert list(FeedbackResponse.objects.quotable()) == [with_consent]


def test_trainers_see_the_summary_only_for_their_own_runs(client_for, personas):
    theirs = make_finished_run(trainers=[personas["professional_trainer"]])
    assert (
        client_for("peer_trainer").get(reverse("feedback:run-summary", args=[theirs.pk])).status_code == 404
    )
    assert (
        client_for("admissions_tutor").get(reverse("feedback:run-summary", args=[theirs.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("responses", [3, 30])
def test_summary_query_count_does_not_grow_with_responses(
    client_for, personas, django_assert_max_num_queries, responses
):
    run = make_finished_run(trainers=[personas["peer_trainer"]])
    for number in range(responses):
        paper_response(run, personas["centre_manager"], rating=1 + number % 5, quote_consent=number % 2 == 0)
    client = client_for("peer_trainer")
    # session, user, the run (with course and term), the totals, the written answers
    with django_assert_max_num_queries(5):
        page = client.get(reverse("feedback:run-summary", args=[run.pk]))
    assert f'<dd class="nhsuk-summary-list__value">{responses}</dd>' in page.content.decode()


@pytest.mark.parametrize("runs", [3, 30])
def test_staff_run_list_query_count_does_not_grow_with_runs(
    client_for, personas, django_assert_max_num_queries, runs
):
    for number in range(runs):
        run = make_finished_run(session_days=(-number - 1,))
        paper_response(run, personas["centre_manager"])
    make_finished_run(title="Still to come", session_days=(4,))
    client = client_for("centre_manager")
    # session, user, the page count, the page of runs (course, term, last session and responses in one)
    with django_assert_max_num_queries(4):
        page = client.get(reverse("feedback:run-list")).content.decode()
    assert "Still to come" not in page
    assert len(re.findall(r'href="/feedback/runs/\d+/"', page)) == min(runs, 25)


def test_staff_run_list_shows_trainers_only_their_runs(client_for, personas):
    make_finished_run(title="Mine", trainers=[personas["peer_trainer"]])
    make_finished_run(title="Someone else's", trainers=[personas["professional_trainer"]])
    page = client_for("peer_trainer").get(reverse("feedback:run-list")).content.decode()
    assert "Mine" in page and "Someone else" not in page
    tutor_page = client_for("admissions_tutor").get(reverse("feedback:run-list")).content.decode()
    assert "Mine" in tutor_page and "Someone else" in tutor_page
    assert not re.findall(r'href="/feedback/runs/\d+/"', tutor_page)  # tutors have no summary link


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_comments_download_holds_what_people_wrote_with_their_quote_choice_and_no_names(
    client_for, personas, fmt
):
    from tests.downloads import download_rows

    run = make_finished_run(trainers=[personas["peer_trainer"]])
    paper_response(run, personas["centre_manager"], quote_consent=True, helped="=Hearing Jo's story.")
    paper_response(run, personas["centre_manager"], quote_consent=False, helped="Being listened to.")
    paper_response(make_finished_run(), personas["centre_manager"], helped="Another run's words.")
    response = client_for("peer_trainer").get(reverse("feedback:run-comments", args=[run.pk, fmt]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    rows = download_rows(response, fmt)
    first = "'=Hearing Jo's story." if fmt == "csv" else "=Hearing Jo's story."  # text, never a formula
    assert rows[0] == ["question", "comment", "may_be_quoted", "submitted_on"]
    written = {(row[1], row[2]) for row in rows[1:]}
    assert {(first, "yes"), ("Being listened to.", "no")} <= written
    assert not any("Another run" in text for text, _ in written)
    assert len(rows) - 1 == len(run_summary(run).comments)


def test_the_comments_download_makes_the_same_queries_however_many_forms(client_for, personas):
    from tests.downloads import queries_for

    run = make_finished_run(trainers=[personas["peer_trainer"]])
    client = client_for("peer_trainer")
    url = reverse("feedback:run-comments", args=[run.pk, "csv"])
    counts = []
    for _ in range(2):
        for _ in range(3):
            paper_response(run, personas["centre_manager"], helped="Being listened to.")
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]
