import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from tests.factories import answers, link_for, make_finished_run
from warp.feedback.models import FeedbackLink, FeedbackResponse, FeedbackSource
from warp.feedback.services import LinkUsedUp, feedback_submit


def _through(link, **overrides):
    return feedback_submit(
        course_run=link.course_run,
        answers=answers(**overrides),
        source=FeedbackSource.LINK,
        link=link,
        quote_consent=False,
    )


def test_staff_make_links_with_a_random_token_and_one_use_by_default(client_for, personas):
    run = make_finished_run(trainers=[personas["peer_trainer"]])
    client = client_for("peer_trainer")
    url = reverse("feedback:link-list", args=[run.pk])
    client.post(url, {"uses_allowed": "1"})
    client.post(url, {"uses_allowed": "20", "label": "printed sheet"})
    first, second = FeedbackLink.objects.order_by("pk")
    assert (first.uses_allowed, second.uses_allowed, second.label) == (1, 20, "printed sheet")
    assert len(first.token) >= 20 and first.token != second.token
    page = client.get(url).content.decode()
    assert reverse("feedback:anonymous", args=[second.token]) in page and "20 of 20" in page
    assert 'name="uses_allowed" value="1"' in page  # a new link is for one person unless you say more


def test_trainers_make_links_only_for_their_own_runs(client_for, personas):
    theirs = make_finished_run(trainers=[personas["professional_trainer"]])
    client = client_for("peer_trainer")
    assert (
        client.post(reverse("feedback:link-list", args=[theirs.pk]), {"uses_allowed": "5"}).status_code == 404
    )
    assert not FeedbackLink.objects.exists()


def test_each_form_sent_uses_one_use_and_a_used_up_link_shows_a_kind_page(client_for):
    link = link_for(make_finished_run(), uses=2)
    client = client_for("anonymous")
    url = reverse("feedback:anonymous", args=[link.token])
    for _ in range(2):
        assert client.post(url, {"q_would_attend_again": "yes"})["Location"] == reverse("feedback:thanks")
    link.refresh_from_db()
    assert link.uses_made == 2
    closed = client.get(url)
    assert closed.status_code == 410
    assert "has been used up" in closed.content.decode()
    assert client.post(url, {"q_would_attend_again": "yes"}).status_code == 410
    assert FeedbackResponse.objects.count() == 2


def test_a_link_is_never_used_more_than_its_uses(db):
    link = link_for(make_finished_run(), uses=3)
    taken = 0
    for _ in range(5):
        try:
            _through(link)
            taken += 1
        except LinkUsedUp:
            pass
    link.refresh_from_db()
    assert taken == 3 and link.uses_made == 3
    assert FeedbackResponse.objects.filter(link=link).count() == 3


def test_the_database_refuses_a_link_used_beyond_its_uses(db):
    link = link_for(make_finished_run(), uses=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackLink.objects.filter(pk=link.pk).update(uses_made=2)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_people_sending_at_once_never_over_use_a_link():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    link = link_for(make_finished_run(), uses=3)
    start = threading.Barrier(8)
    outcomes = []

    def send():
        start.wait()
        try:
            _through(FeedbackLink.objects.get(pk=link.pk))
            outcomes.append("taken")
        except LinkUsedUp:
            outcomes.append("used up")
        except Exception as exc:  # e.g. the database refusing an over-used link: a crash, not a kind page
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    link.refresh_from_db()
    assert sorted(outcomes) == ["taken"] * 3 + ["used up"] * 5
    assert link.uses_made == 3 and FeedbackResponse.objects.filter(link=link).count() == 3


def test_an_unknown_link_shows_a_kind_page(client_for):
    page = client_for("anonymous").get(reverse("feedback:anonymous", args=["not-a-real-token"]))
    assert page.status_code == 404
    assert "ask your trainers for the link again" in page.content.decode()


def test_the_anonymous_form_stores_no_student_and_shows_nothing_personal(client_for, personas):
    run = make_finished_run(trainers=[personas["peer_trainer"]])
    link = link_for(run, uses=5, created_by=personas["peer_trainer"])
    client = client_for("anonymous")
    page = client.get(reverse("feedback:anonymous", args=[link.token])).content.decode()
    assert run.course.title in page
    assert personas["peer_trainer"].email not in page and "Peer Trainer" not in page
    client.post(
        reverse("feedback:anonymous", args=[link.token]), {"q_helped": "Kind trainers", "quote_consent": "on"}
    )
    response = FeedbackResponse.objects.get()
    assert (response.student, response.entered_by, response.source) == (None, None, "link")
    assert response.quote_consent is True


def test_an_invalid_form_does_not_use_up_the_link(client_for):
    link = link_for(make_finished_run(), uses=1)
    page = client_for("anonymous").post(reverse("feedback:anonymous", args=[link.token]), {}).content.decode()
    assert "Please answer at least one question" in page
    link.refresh_from_db()
    assert link.uses_made == 0


def test_a_link_only_takes_feedback_for_its_own_run(db):
    link = link_for(make_finished_run(), uses=1)
    with pytest.raises(Exception, match="different course"):
        feedback_submit(
            course_run=make_finished_run(),
            answers=answers(),
            source=FeedbackSource.LINK,
            link=link,
            quote_consent=False,
        )


def test_a_link_needs_a_sensible_number_of_uses(client_for, personas):
    run = make_finished_run()
    page = client_for("centre_manager").post(
        reverse("feedback:link-list", args=[run.pk]), {"uses_allowed": "0"}
    )
    assert "Write a whole number from 1 to 500." in page.content.decode()
    assert not FeedbackLink.objects.exists()
