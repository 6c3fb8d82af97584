"""The referring team's view: the lead of the team that referred someone to an intensive course sees their
attendance so far and whether they completed, only when the referral says they agreed; nothing else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bookings.test_referrals import _refer, cohort  # noqa: F401 (fixture)
from tests.factories import make_student, tutor
from tests.teams.factories import make_team
from warp.bookings.models import Mark
from warp.bookings.services import attendance_mark, referral_accounts_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(personas):
    return make_team(name="Poole CMHT", leads=[personas["team_lead"]])


def _page(client_for, team):
    return client_for("team_lead").get(reverse("bookings:referring-team-progress", args=[team.pk]))


def test_the_lead_sees_attendance_and_completion_of_those_who_agreed(cohort, team, client_for):  # noqa: F811
    agreed = make_student(first_name="Ana", last_name="Moss")
    _refer(agreed, cohort, referring_team=team, share_progress_with_team=True)
    first = cohort.sessions.order_by("date").first()
    first.date = timezone.localdate() - timedelta(days=1)
    first.save()
    attendance_mark(session=first, student=agreed, mark=Mark.PRESENT, by=tutor())
    page = _page(client_for, team).content.decode()
    sessions = cohort.sessions.count()
    assert "Ana Moss" in page and f"1 of {sessions}" in page and "Engaging with Life" in page
    team_page = client_for("team_lead").get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    assert reverse("bookings:referring-team-progress", args=[team.pk]) in team_page


def test_the_lead_sees_nobody_who_did_not_agree_and_nothing_private(cohort, team, client_for):  # noqa: F811
    private = make_student(first_name="Ben", last_name="Hale")
    referral = _refer(private, cohort, referring_team=team, share_progress_with_team=False)
    referral_accounts_save(
        referral=referral,
        account_before="Hard times at home.",
        account_after="",
        case_study_consent=False,
        by=tutor(),
    )
    agreed = make_student(first_name="Ana", last_name="Moss")
    _refer(
        agreed, cohort, referring_team=team, share_progress_with_team=True, reason="Lonely since the move."
    )
    page = _page(client_for, team).content.decode()
    assert "Ben Hale" not in page and "Hard times at home." not in page
    assert "Ana Moss" in page and "Lonely since the move." not in page  # the reason is not shared


def test_another_teams_referrals_are_not_shown_and_another_team_is_not_found(cohort, team, client_for):  # noqa: F811
    other = make_team(name="Wareham CMHT")
    _refer(
        make_student(first_name="Cy", last_name="Lowe"),
        cohort,
        referring_team=other,
        share_progress_with_team=True,
    )
    assert "Cy Lowe" not in _page(client_for, team).content.decode()
    assert _page(client_for, other).status_code == 404


def test_the_page_queries_do_not_grow_with_referrals(cohort, team, client_for, django_assert_max_num_queries):  # noqa: F811
    client = client_for("team_lead")
    url = reverse("bookings:referring-team-progress", args=[team.pk])
    for n in (2, 6):
        for _ in range(n):
            _refer(make_student(), cohort, referring_team=team, share_progress_with_team=True)
        # the session and user (2), the team (1), the places with their progress (1), the referrals
        # agreeing to the team's feedback (1)
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200
