"""Completing a questionnaire: staff ask a student, the student fills it in from their portal, staff type in
paper forms; incomplete answers are kept and say so; students see their scores only if the centre says so."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_student
from tests.measures.factories import make_instrument, respond
from warp.measures.models import MeasureRequest, MeasureResponse, Occasion, ResponseSource
from warp.measures.services import measure_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(personas):
    return make_student(first_name="Sam", user=personas["student"], email=personas["student"].email)


def _ask(client_for, student, instrument, occasion="baseline"):
    return client_for("admissions_tutor").post(
        reverse("measures:request-create"),
        {
            "registration_number": student.registration_number,
            "instrument": instrument.pk,
            "occasion": occasion,
        },
    )


def test_a_student_asked_by_staff_fills_the_questionnaire_in_from_their_portal(client_for, sam):
    instrument = make_instrument()
    assert _ask(client_for, sam, instrument).status_code == 302
    asked = MeasureRequest.objects.get(student=sam)
    student = client_for("student")
    page = student.get(reverse("measures:mine")).content.decode()
    assert "Calm Check" in page
    form = student.get(reverse("measures:fill", args=[asked.pk])).content.decode()
    assert "Small things knocked me off course." in form
    response = student.post(
        reverse("measures:fill", args=[asked.pk]),
        {"item_1": "2", "item_2": "4", "item_3": "2", "item_4": "2"},
    )
    assert response.status_code == 302
    saved = MeasureResponse.objects.get(student=sam)
    assert (saved.score, saved.occasion, saved.source, saved.completed_on) == (
        8.0,
        "baseline",
        ResponseSource.PORTAL,
        timezone.localdate(),
    )
    asked.refresh_from_db()
    assert asked.response == saved
    # Done: it leaves the list, and its address no longer opens the form.
    assert "Nothing is waiting for you" in student.get(reverse("measures:mine")).content.decode()
    assert student.get(reverse("measures:fill", args=[asked.pk])).status_code == 404


def test_asking_twice_keeps_one_waiting_request(client_for, sam):
    instrument = make_instrument()
    _ask(client_for, sam, instrument)
    _ask(client_for, sam, instrument)
    assert MeasureRequest.objects.filter(student=sam).count() == 1


def test_asking_for_an_unknown_registration_number_says_so_and_keeps_the_choices(client_for):
    instrument = make_instrument()
    page = client_for("admissions_tutor").post(
        reverse("measures:request-create"),
        {"registration_number": "REC-404", "instrument": instrument.pk, "occasion": "follow-up"},
    )
    text = page.content.decode()
    assert "No student has this registration number" in text and 'value="REC-404"' in text
    assert not MeasureRequest.objects.exists()


def test_an_incomplete_portal_questionnaire_is_kept_unscored_and_the_student_is_told(client_for, sam):
    instrument = make_instrument(show_scores=True)
    _ask(client_for, sam, instrument)
    asked = MeasureRequest.objects.get()
    student = client_for("student")
    student.post(reverse("measures:fill", args=[asked.pk]), {"item_1": "2", "item_3": "2"})
    saved = MeasureResponse.objects.get()
    assert saved.answers == [2, None, 2, None] and saved.score is None
    assert (
        "some items were left empty, so there is no score"
        in student.get(reverse("measures:mine")).content.decode()
    )


def test_students_see_their_scores_over_time_only_when_the_centre_shows_them(client_for, sam):
    instrument = make_instrument()
    respond(sam, instrument, date(2025, 1, 10), Occasion.BASELINE, [2, 4, 2, 2])
    respond(sam, instrument, date(2025, 6, 1), Occasion.FOLLOW_UP, [4, 2, 4, 4])
    student = client_for("student")
    assert "Your scores over time" not in student.get(reverse("measures:mine")).content.decode()
    make_instrument(show_scores=True)  # the centre turns the scores on
    page = student.get(reverse("measures:mine")).content.decode()
    assert "10 January 2025 (at the start): your score was 8.0" in page
    assert "1 June 2025 (later on): your score was 16.0" in page
    assert "A higher score means you were feeling better." in page


def test_staff_type_in_a_paper_form_and_a_second_copy_is_refused_kindly(client_for):
    instrument = make_instrument()
    ann = make_student(first_name="Ann")
    client = client_for("admissions_tutor")
    data = {
        "registration_number": ann.registration_number,
        "completed_on": "10/01/2025",
        "occasion": "baseline",
        "item_1": "2",
        "item_2": "4",
        "item_3": "2",
        "item_4": "2",
    }
    assert client.post(reverse("measures:paper-entry", args=[instrument.pk]), data).status_code == 302
    saved = MeasureResponse.objects.get()
    assert (saved.score, saved.source, saved.completed_on) == (8.0, ResponseSource.PAPER, date(2025, 1, 10))
    page = client.post(reverse("measures:paper-entry", args=[instrument.pk]), data).content.decode()
    assert "already recorded for this student" in page and 'value="10/01/2025"' in page
    assert MeasureResponse.objects.count() == 1


def test_a_paper_form_with_an_item_left_empty_is_saved_unscored_and_says_so(client_for):
    instrument = make_instrument()
    ann = make_student(first_name="Ann")
    client = client_for("centre_manager")
    response = client.post(
        reverse("measures:paper-entry", args=[instrument.pk]),
        {
            "registration_number": ann.registration_number,
            "completed_on": "10/01/2025",
            "occasion": "follow-up",
            "item_1": "2",
        },
        follow=True,
    )
    assert "kept but not scored" in response.content.decode()
    assert MeasureResponse.objects.get().score is None


def test_a_student_cannot_open_someone_elses_request(client_for, sam):
    instrument = make_instrument()
    other = make_student(first_name="Bea")
    _ask(client_for, other, instrument)
    asked = MeasureRequest.objects.get()
    assert client_for("student").get(reverse("measures:fill", args=[asked.pk])).status_code == 404


def test_the_students_questionnaire_list_does_not_grow_in_queries_with_their_responses(
    client_for, sam, django_assert_max_num_queries
):
    from tests.downloads import queries_for

    instrument = make_instrument(show_scores=True)
    client = client_for("student")
    respond(sam, instrument, date(2025, 1, 10), Occasion.BASELINE, [2, 4, 2, 2])
    before = queries_for(client, reverse("measures:mine"))
    for day in (11, 12, 13, 14):
        respond(sam, instrument, date(2025, 1, day), Occasion.FOLLOW_UP, [3, 3, 3, 3])
    measure_request_create(student=sam, instrument=instrument, occasion=Occasion.FOLLOW_UP, by=None)
    assert queries_for(client, reverse("measures:mine")) == before
    # Session, user, roles and menu; the student's record; their waiting requests; their scores.
    with django_assert_max_num_queries(before):
        client.get(reverse("measures:mine"))
