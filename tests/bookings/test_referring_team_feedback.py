"""Feedback from the referring team on how an intensive course went for someone they referred: kept only
while that person agrees, written and changed by a lead of the team that referred them, read by the run's
trainers and the centre's managers, deleted when the person withdraws their agreement or is erased, and
in their subject access bundle."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.bookings.test_referrals import _refer
from tests.factories import make_course, make_run, make_student, tutor
from tests.teams.factories import make_team
from warp.bookings.models import Referral, ReferringTeamFeedback
from warp.bookings.services import referring_team_feedback_save
from warp.privacy.bundle import build_bundle
from warp.privacy.services import student_erase
from warp.prospectus.models import Level
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(personas):
    return make_run(
        course=make_course("Engaging with Life", level=Level.INTENSIVE),
        places=8,
        trainers=[personas["peer_trainer"], personas["professional_trainer"]],
    )


@pytest.fixture
def team(personas):
    return make_team(name="Poole CMHT", leads=[personas["team_lead"]])


def _person(first: str, last: str):
    person = make_student(first_name=first, last_name=last)
    learning_plan_agree(student=person, agreed_by=tutor(), hopes_and_goals="To get going again.")
    return person


def _feedback_page(client, referral):
    return reverse("bookings:referring-team-feedback", args=[referral.pk])


def test_the_referring_teams_lead_gives_and_changes_feedback_the_runs_staff_read(
    cohort, team, personas, client_for
):
    referral = _refer(_person("Ana", "Moss"), cohort, referring_team=team, team_feedback_consent=True)
    lead = client_for("team_lead")
    progress = lead.get(reverse("bookings:referring-team-progress", args=[team.pk])).content.decode()
    url = reverse("bookings:referring-team-feedback", args=[referral.pk])
    assert url in progress and "Give your team's feedback" in progress

    response = lead.post(url, {"text": "Ana has started going to the allotment group again."})
    assert response.status_code == 302
    response = lead.post(url, {"text": "Ana goes to the allotment group every week now."})  # changed
    assert response.status_code == 302

    (feedback,) = ReferringTeamFeedback.objects.all()
    assert (feedback.text, feedback.written_by) == (
        "Ana goes to the allotment group every week now.",
        personas["team_lead"],
    )
    assert (
        "Change your team's feedback"
        in lead.get(reverse("bookings:referring-team-progress", args=[team.pk])).content.decode()
    )
    assert "every week now" in lead.get(url).content.decode()  # what they wrote, to change
    for reader in ("peer_trainer", "centre_manager"):
        page = client_for(reader).get(reverse("bookings:trainer-feedback", args=[cohort.pk])).content.decode()
        assert "Ana Moss, from Poole CMHT" in page and "every week now" in page


def test_an_empty_feedback_is_refused_kindly_and_nothing_is_kept(cohort, team, client_for):
    referral = _refer(_person("Ana", "Moss"), cohort, referring_team=team, team_feedback_consent=True)
    response = client_for("team_lead").post(
        reverse("bookings:referring-team-feedback", args=[referral.pk]), {"text": "  "}
    )
    assert response.status_code == 200
    assert "Answer the question" in response.content.decode()
    assert not ReferringTeamFeedback.objects.exists()


def test_without_the_persons_agreement_the_team_cannot_give_feedback(cohort, team, personas, client_for):
    referral = _refer(
        _person("Ben", "Hale"), cohort, referring_team=team, share_progress_with_team=True
    )  # agreed to progress being shared, not to the team's feedback
    assert referral.team_feedback_consent is False
    lead = client_for("team_lead")
    url = reverse("bookings:referring-team-feedback", args=[referral.pk])
    assert lead.get(url).status_code == 404
    assert lead.post(url, {"text": "He seems brighter."}).status_code == 404
    with pytest.raises(ValidationError):
        referring_team_feedback_save(referral=referral, text="He seems brighter.", by=personas["team_lead"])
    assert not ReferringTeamFeedback.objects.exists()
    progress = lead.get(reverse("bookings:referring-team-progress", args=[team.pk])).content.decode()
    assert url not in progress


def test_withdrawing_agreement_deletes_the_teams_feedback_at_once(cohort, team, personas, client_for):
    referral = _refer(_person("Ana", "Moss"), cohort, referring_team=team, team_feedback_consent=True)
    referring_team_feedback_save(referral=referral, text="Much more settled.", by=personas["team_lead"])

    response = client_for("admissions_tutor").post(
        reverse("bookings:referral-accounts", args=[referral.pk]),
        {"account_before": "", "account_after": ""},  # the agreement's box unticked
    )

    assert response.status_code == 302
    assert not ReferringTeamFeedback.objects.exists()
    assert Referral.objects.get(pk=referral.pk).team_feedback_consent is False
    page = client_for("centre_manager").get(reverse("bookings:trainer-feedback", args=[cohort.pk]))
    assert "Much more settled." not in page.content.decode()


def test_an_invited_person_has_no_referring_team_to_give_feedback(cohort):
    with pytest.raises(ValidationError) as refused:
        _refer(
            _person("Cy", "Lowe"), cohort, route="invitation", referring_team=None, team_feedback_consent=True
        )
    assert "no referring team" in refused.value.message_dict["team_feedback_consent"][0]


def test_the_feedback_is_in_their_bundle_and_goes_when_they_are_erased(cohort, team, personas):
    person = _person("Ana", "Moss")
    referral = _refer(person, cohort, referring_team=team, team_feedback_consent=True)
    referring_team_feedback_save(referral=referral, text="Much more settled.", by=personas["team_lead"])
    rows = build_bundle(person)["sections"]["bookings.ReferringTeamFeedback"]
    assert [row["text"] for row in rows] == ["Much more settled."]

    student_erase(student=person, by=personas["administrator"], basis="Their request")

    assert not ReferringTeamFeedback.objects.exists()
    assert Referral.objects.get(pk=referral.pk).team_feedback_consent is False


def test_the_pages_queries_do_not_grow_with_feedback(
    cohort, team, personas, client_for, django_assert_max_num_queries
):
    for n in (2, 6):
        for _ in range(n):
            referral = _refer(make_student(), cohort, referring_team=team, team_feedback_consent=True)
            referring_team_feedback_save(referral=referral, text="Settled.", by=personas["team_lead"])
        # the session and user (2), the team (1), the places with their progress (1), the referrals
        # agreeing to the team's feedback with it (1)
        lead = client_for("team_lead")
        with django_assert_max_num_queries(5):
            assert lead.get(reverse("bookings:referring-team-progress", args=[team.pk])).status_code == 200
        # the session and user (2), the run (1), the trainers' entries (1), the teams' feedback with the
        # people and teams (1), the audit entries of those named (1 bulk insert, in a savepoint: 3)
        manager = client_for("centre_manager")
        with django_assert_max_num_queries(8):
            assert manager.get(reverse("bookings:trainer-feedback", args=[cohort.pk])).status_code == 200
