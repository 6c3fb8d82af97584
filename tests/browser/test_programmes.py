"""People and programmes journeys: placing a peer worker in a team; nominating someone for an award."""

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre
from warp.programmes.models import Nomination, Placement
from warp.programmes.services import awards

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_partnership_lead_adds_a_peer_worker_and_places_them_in_a_team(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["partnership_lead"].email)
    tab.arrive("Teams and services")
    menu = page.get_by_role("navigation", name="Main menu")
    menu.locator("summary", has_text="Teams").click()  # the partnership lead's menu is grouped by task
    menu.get_by_role("link", name="Peer workforce").click()
    tab.arrive("Peer workforce")
    page.get_by_role("link", name="Add a peer worker").click()
    tab.arrive("Add a peer worker")
    page.get_by_label("First name").fill("Wren")
    page.get_by_label("Last name").fill("Castellan")
    page.get_by_role("button", name="Save").click()
    tab.arrive("Place Wren Castellan in a team")
    page.get_by_role("button", name="Place in the team").click()  # nothing chosen: told what to do
    tab.arrive("Place Wren Castellan in a team")
    assert page.locator(".nhsuk-error-summary").is_visible()
    page.get_by_label("Team or service").select_option(label="Harbour Ward")
    page.get_by_label("Peer role").select_option(label="Peer specialist")
    page.get_by_label("Start date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Place in the team").click()
    tab.arrive("Wren Castellan")
    assert "Peer specialist in Harbour Ward" in page.locator("main").inner_text()
    placement = Placement.objects.select_related("team", "worker").get()
    assert (placement.team.name, placement.worker.last_name) == ("Harbour Ward", "Castellan")
    tab.goto("/teams/register/")
    tab.arrive("Partnership work register")
    assert "Wren Castellan (Peer specialist)" in page.locator("main").inner_text()


def test_someone_with_the_link_nominates_a_person_for_an_award_on_a_phone(open_tab):
    build_centre()
    year = awards.award_year_create(year=timezone.localdate().year)
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.goto(f"/programmes/nominate/{year.token}/")
    tab.arrive("Nominate someone for an award")
    page.get_by_label("Name of the person you are nominating").fill("Perrin Lowe")
    page.get_by_role("button", name="Send the nomination").click()
    tab.arrive("Nominate someone for an award")
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.get_by_label("Name of the person you are nominating").input_value() == "Perrin Lowe"
    page.get_by_label("Award", exact=True).select_option(label="Kindness")
    page.get_by_label("How we can reach them").fill("perrin@example.org")
    page.get_by_label("Why they deserve an award").fill(
        "Started a walking group on the ward that anyone can join."
    )
    page.get_by_label("Your name").fill("Ines Bray")
    page.get_by_label("How we can reach you").fill("07700 900123")
    assert not page.get_by_label(
        "You are happy for us to quote what you wrote"
    ).is_checked()  # no, unless ticked
    page.get_by_label("You are happy for us to quote what you wrote").check()
    page.get_by_role("button", name="Send the nomination").click()
    tab.arrive("Thank you for your nomination")
    nomination = Nomination.objects.get()
    assert (
        nomination.nominee_name,
        nomination.category.name,
        nomination.nominee_consent,
        nomination.nominator_quote_consent,
    ) == ("Perrin Lowe", "Kindness", "not_asked", True)


def test_the_programmes_pages_pass_axe_and_fit_a_phone(open_tab):
    """Each programmes page the partnership lead reads, with data on it, on a phone."""
    from datetime import date

    from tests.programmes import factories
    from warp.programmes.access import the_network
    from warp.programmes.services import mentoring, network
    from warp.teams.models import Team

    centre = build_centre()
    lead = centre.people["partnership_lead"]
    worker = factories.make_worker(first_name="Wren", last_name="Castellan")
    factories.place(worker, Team.objects.get(name="Harbour Ward"))
    pairing = factories.make_pairing(started_on=date(2025, 1, 6), ended_on=date(2025, 6, 30))
    mentoring.meeting_record(pairing=pairing, held_on=date(2025, 2, 3), minutes=60)
    year = awards.award_year_create(year=timezone.localdate().year)
    nomination = factories.nominate(year)
    network.network_join(network=the_network(), user=centre.people["peer_trainer"], on=date(2026, 1, 5))
    tab = open_tab(viewport=PHONE)
    tab.sign_in(lead.email)
    tab.arrive("Teams and services")
    for path, heading in [
        ("/programmes/workforce/", "Peer workforce"),
        (f"/programmes/workforce/{worker.pk}/", "Wren Castellan"),
        ("/programmes/mentoring/", "Lived-experience mentoring"),
        (f"/programmes/mentoring/pairings/{pairing.pk}/", str(pairing)),
        ("/programmes/awards/", "Awards"),
        (f"/programmes/awards/{year.pk}/", f"The {year.year} awards"),
        (f"/programmes/awards/nominations/{nomination.pk}/", "Nomination of Rowan Hale"),
        ("/programmes/network/", "Hidden Talents: the staff lived-experience network"),
    ]:
        tab.goto(path)
        tab.arrive(heading)
