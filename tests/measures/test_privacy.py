"""A student's questionnaires in their subject access bundle, and what erasure leaves."""

from datetime import date

import pytest

from tests.factories import make_student, manager
from tests.measures.factories import make_instrument, respond
from warp.measures.models import MeasureRequest, Occasion
from warp.measures.services import measure_request_create
from warp.privacy.bundle import build_bundle, bundle_html
from warp.privacy.services import student_erase

pytestmark = pytest.mark.django_db


def test_a_students_responses_and_requests_are_in_their_subject_access_bundle():
    instrument = make_instrument()
    ann, ben = make_student(first_name="Ann"), make_student(first_name="Ben")
    respond(ann, instrument, date(2025, 1, 10), Occasion.BASELINE, [2, 4, 2, 2])
    respond(ben, instrument, date(2025, 1, 10), Occasion.BASELINE, [5, 1, 5, 5])
    measure_request_create(student=ann, instrument=instrument, occasion=Occasion.FOLLOW_UP, by=manager())
    bundle = build_bundle(ann)
    rows = bundle["sections"]["measures.MeasureResponse"]
    assert [(row["score"], row["answers"]) for row in rows] == [(8.0, [2, 4, 2, 2])]
    assert [row["occasion"] for row in bundle["sections"]["measures.MeasureRequest"]] == ["follow-up"]
    page = bundle_html(bundle)
    assert "Your questionnaires" in page and "Calm Check" in page


def test_erasure_blanks_the_answers_keeps_the_score_and_deletes_waiting_requests():
    instrument = make_instrument()
    ann = make_student(first_name="Ann")
    response = respond(ann, instrument, date(2025, 1, 10), Occasion.BASELINE, [2, 4, 2, 2])
    measure_request_create(student=ann, instrument=instrument, occasion=Occasion.FOLLOW_UP, by=manager())
    student_erase(student=ann, by=manager(), basis="Their request")
    response.refresh_from_db()
    assert response.answers == [] and response.score == 8.0 and response.is_complete
    assert not MeasureRequest.objects.exists()
