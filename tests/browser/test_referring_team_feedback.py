"""A team lead gives their team's feedback on how an intensive course went for someone they referred (who
agreed to it), and the course's trainer reads it beside the trainer feedback."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.factories import build_centre
from tests.factories import make_course, make_run
from warp.bookings.models import ReferringTeamFeedback
from warp.bookings.services import referral_record
from warp.prospectus.models import Level
from warp.teams.models import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_team_lead_gives_feedback_on_a_referred_person_and_the_trainer_reads_it(open_tab):
    centre = build_centre()
    people = centre.people
    cohort = make_run(
        course=make_course("Engaging with Life", level=Level.INTENSIVE),
        places=8,
        trainers=[people["peer_trainer"], people["professional_trainer"]],
    )
    ward = Team.objects.get(name="Harbour Ward")
    referred = centre.others[0]
    referral_record(
        student=referred,
        course_run=cohort,
        route="referral",
        referring_team=ward,
        referred_by="Their named nurse",
        referred_on=timezone.localdate() - timedelta(days=30),
        reason="Ready for a small group after discharge.",
        person_agreed=True,
        share_progress_with_team=True,
        team_feedback_consent=True,
        by=people["admissions_tutor"],
    )
    tab = open_tab()
    page = tab.page
    tab.sign_in(people["team_lead"].email)
    tab.axe()
    tab.goto(f"/teams/{ward.pk}/")
    tab.arrive("Harbour Ward")
    page.get_by_role(
        "link", name="How the people your team referred to intensive courses are getting on"
    ).click()
    tab.arrive("People Harbour Ward referred: how they are getting on")
    page.get_by_role("link", name=f"Give your team's feedback on {referred.full_name}").click()
    tab.arrive(f"Your team's feedback: {referred.full_name}, Engaging with Life")
    tab.axe()
    page.get_by_role("button", name="Save your team's feedback").click()
    # Nothing written: refused kindly, on the same page.
    tab.arrive(f"Your team's feedback: {referred.full_name}, Engaging with Life")
    assert "How did the course go for them" in page.locator(".nhsuk-error-summary").inner_text()
    page.get_by_label("How did the course go for them, as your team sees it?").fill(
        "Much more settled on the ward, and asking about the next course."
    )
    page.get_by_role("button", name="Save your team's feedback").click()
    tab.arrive("People Harbour Ward referred: how they are getting on")
    assert page.get_by_role("link", name=f"Change your team's feedback on {referred.full_name}").is_visible()
    assert ReferringTeamFeedback.objects.get().text.startswith("Much more settled")
    tab.sign_out()
    tab.axe()

    tab.sign_in(people["peer_trainer"].email)
    tab.axe()
    tab.goto(f"/bookings/runs/{cohort.pk}/trainer-feedback/")
    tab.arrive("Trainer feedback: Engaging with Life")
    main = page.locator("main").inner_text()
    assert f"{referred.full_name}, from Harbour Ward" in main and "asking about the next course" in main
    tab.axe()
