"""Trainer feedback on an intensive run (a closed cohort): what worked and what to change. The run's
trainers and the managers write and read it; a trainer of another run cannot; other levels have none."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_course, make_run, manager
from warp.bookings.models import TrainerFeedback
from warp.bookings.services import trainer_feedback_add
from warp.prospectus.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(personas):
    return make_run(
        course=make_course("Living Well with Bipolar", level=Level.INTENSIVE),
        trainers=[personas["peer_trainer"]],
    )


def test_the_runs_trainer_writes_feedback_and_the_manager_reads_it(cohort, client_for):
    url = reverse("bookings:trainer-feedback", args=[cohort.pk])
    trainer = client_for("peer_trainer")
    done = trainer.post(url, {"what_worked": "Pairs work in week two.", "what_to_change": "Shorter breaks."})
    assert done.status_code == 302
    entry = TrainerFeedback.objects.get()
    assert (entry.course_run, entry.what_worked, entry.what_to_change) == (
        cohort,
        "Pairs work in week two.",
        "Shorter breaks.",
    )
    page = client_for("centre_manager").get(url).content.decode()
    assert "Pairs work in week two." in page and "Shorter breaks." in page


def test_a_trainer_who_does_not_deliver_the_run_gets_not_found(cohort, client_for):
    url = reverse("bookings:trainer-feedback", args=[cohort.pk])
    assert client_for("professional_trainer").post(url, {"what_worked": "Not mine"}).status_code == 404
    assert not TrainerFeedback.objects.exists()


def test_empty_feedback_is_refused_kindly(cohort, client_for):
    page = client_for("peer_trainer").post(
        reverse("bookings:trainer-feedback", args=[cohort.pk]), {"what_worked": "", "what_to_change": ""}
    )
    assert (
        page.status_code == 200
        and "Write what worked, what to change next time, or both." in page.content.decode()
    )
    assert not TrainerFeedback.objects.exists()


def test_only_intensive_runs_have_trainer_feedback(personas, client_for):
    rec = make_run(course=make_course("Understanding Anxiety"), trainers=[personas["peer_trainer"]])
    assert (
        client_for("centre_manager").get(reverse("bookings:trainer-feedback", args=[rec.pk])).status_code
        == 404
    )
    with pytest.raises(ValidationError):
        trainer_feedback_add(course_run=rec, what_worked="Good", what_to_change="", by=manager())


def test_the_feedback_page_queries_do_not_grow_with_entries(
    cohort, client_for, django_assert_max_num_queries
):
    client = client_for("centre_manager")
    url = reverse("bookings:trainer-feedback", args=[cohort.pk])
    for n in (2, 20):
        for i in range(n):
            trainer_feedback_add(course_run=cohort, what_worked=f"Entry {i}", what_to_change="", by=manager())
        # the session and user (2), the run with its course (1), the entries with their writers (1), the
        # referring teams' feedback (1; none here, so no audit entries)
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200
