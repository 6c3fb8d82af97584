"""The co-delivery rule: a run is published only with a peer trainer, a professional trainer and a session."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.prospectus import factories
from warp.accounts.models import TrainerKind
from warp.prospectus import services
from warp.prospectus.models import RunStatus

PEER, PROFESSIONAL = TrainerKind.PEER, TrainerKind.PROFESSIONAL


def _publish(run):
    services.course_run_publish(course_run=run, by=factories.manager())


@pytest.mark.django_db
def test_publishing_without_a_peer_trainer_is_refused_with_what_to_do():
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    with pytest.raises(ValidationError) as refused:
        _publish(run)
    text = " ".join(refused.value.messages)
    assert "no peer trainer" in text
    assert "add a peer trainer under Trainers" in text
    assert "professional" not in text
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


@pytest.mark.django_db
def test_publishing_without_a_professional_trainer_is_refused_with_what_to_do():
    run = factories.run(trainers=(PEER, PEER), publish=False)
    with pytest.raises(ValidationError) as refused:
        _publish(run)
    text = " ".join(refused.value.messages)
    assert "no professional trainer" in text
    assert "add a professional trainer under Trainers" in text
    assert "no peer trainer" not in text
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


@pytest.mark.django_db
def test_publishing_without_sessions_is_refused():
    run = factories.run(sessions=0, publish=False)
    with pytest.raises(ValidationError, match="no sessions"):
        _publish(run)


@pytest.mark.django_db
def test_refusal_lists_everything_that_is_missing_at_once():
    run = factories.run(sessions=0, trainers=(), publish=False)
    with pytest.raises(ValidationError) as refused:
        _publish(run)
    text = " ".join(refused.value.messages)
    assert "no peer trainer" in text and "no professional trainer" in text and "no sessions" in text


@pytest.mark.django_db
def test_publishing_with_a_peer_and_a_professional_trainer_works():
    run = factories.run(trainers=(PEER, PROFESSIONAL), publish=False)
    _publish(run)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED


@pytest.mark.django_db
def test_a_cancelled_run_must_go_back_to_draft_before_publishing():
    run = factories.run(publish=False)
    by = factories.manager()
    services.course_run_cancel(course_run=run, by=by)
    with pytest.raises(ValidationError, match="cancelled"):
        _publish(run)
    services.course_run_unpublish(course_run=run, by=by)
    _publish(run)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED


@pytest.mark.django_db
def test_the_last_peer_trainer_cannot_be_removed_from_a_published_run():
    run = factories.run()
    peer = run.run_trainers.get(trainer__trainer_kind=PEER)
    with pytest.raises(ValidationError, match="needs at least one peer trainer"):
        services.course_run_trainer_remove(assignment=peer, by=factories.manager())
    assert run.run_trainers.filter(pk=peer.pk).exists()


@pytest.mark.django_db
def test_the_last_session_cannot_be_removed_from_a_published_run():
    run = factories.run(sessions=1)
    with pytest.raises(ValidationError, match="at least one session"):
        services.session_delete(session=run.sessions.get(), by=factories.manager())


@pytest.mark.django_db
def test_manager_publishing_from_the_run_page_sees_the_refusal(client_for):
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    client = client_for("centre_manager")
    response = client.post(reverse("prospectus:run-publish", args=[run.pk]), follow=True)
    assert "cannot be published yet" in response.content.decode()
    assert "add a peer trainer under Trainers" in response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


@pytest.mark.django_db
def test_manager_adds_a_peer_trainer_then_publishes(client_for, personas):
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    client = client_for("centre_manager")
    client.post(
        reverse("prospectus:trainer-add", args=[run.pk]), {"trainer-trainer": personas["peer_trainer"].pk}
    )
    client.post(reverse("prospectus:run-publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED


@pytest.mark.django_db
def test_someone_who_is_not_a_trainer_cannot_co_deliver(personas):
    run = factories.run(publish=False)
    with pytest.raises(ValidationError, match="trainer account"):
        services.course_run_trainer_add(
            course_run=run, trainer=personas["admissions_tutor"], by=factories.manager()
        )


# The perspective is recorded per course run --------------------------------------------------------------


@pytest.mark.django_db
def test_a_trainer_brings_their_usual_perspective_unless_the_run_says_otherwise():
    run = factories.run(trainers=(), publish=False)
    pro = factories.trainer(PROFESSIONAL)
    assignment = services.course_run_trainer_add(course_run=run, trainer=pro, by=factories.manager())
    assert assignment.perspective == PROFESSIONAL


@pytest.mark.django_db
def test_a_professional_with_lived_experience_co_delivers_one_run_as_a_peer():
    """Two professional trainers by account: one brings the peer perspective to this run, so it may be
    published; the co-delivery rule counts the run's perspectives, not the accounts'."""
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    by = factories.manager()
    services.course_run_trainer_add(
        course_run=run, trainer=factories.trainer(PROFESSIONAL), by=by, perspective=PEER
    )
    _publish(run)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert run.trainer_kinds() == {PEER, PROFESSIONAL}  # what the prospectus says


@pytest.mark.django_db
def test_a_peer_by_account_bringing_the_professional_perspective_is_not_counted_as_a_peer():
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    services.course_run_trainer_add(
        course_run=run, trainer=factories.trainer(PEER), by=factories.manager(), perspective=PROFESSIONAL
    )
    with pytest.raises(ValidationError, match="no peer trainer"):
        _publish(run)


@pytest.mark.django_db
def test_the_last_peer_perspective_on_a_published_run_cannot_be_removed():
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    by = factories.manager()
    as_peer = services.course_run_trainer_add(
        course_run=run, trainer=factories.trainer(PROFESSIONAL), by=by, perspective=PEER
    )
    _publish(run)
    with pytest.raises(ValidationError, match="needs at least one peer trainer"):
        services.course_run_trainer_remove(assignment=as_peer, by=by)


@pytest.mark.django_db
def test_manager_chooses_the_perspective_when_adding_a_trainer(client_for, personas):
    run = factories.run(trainers=(PROFESSIONAL,), publish=False)
    client = client_for("centre_manager")
    client.post(
        reverse("prospectus:trainer-add", args=[run.pk]),
        {"trainer-trainer": personas["professional_trainer"].pk, "trainer-perspective": PEER},
    )
    assert run.run_trainers.get(trainer=personas["professional_trainer"]).perspective == PEER
    page = client.get(reverse("prospectus:run-update", args=[run.pk])).content.decode()
    assert "Professional Trainer Example (peer trainer)" in page


@pytest.mark.django_db
def test_a_trainer_who_is_also_a_student_may_still_co_deliver(personas):
    from tests.personas import give_role
    from warp.accounts.models import Role

    pro = give_role(personas["professional_trainer"], Role.STUDENT)
    pro.act_as(Role.STUDENT)  # whatever they act in now, they hold the trainer role
    run = factories.run(trainers=(PEER,), publish=False)
    services.course_run_trainer_add(course_run=run, trainer=pro, by=factories.manager())
    assert run.run_trainers.get(trainer=pro).perspective == PROFESSIONAL
