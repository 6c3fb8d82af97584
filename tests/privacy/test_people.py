"""Requests from people who are not students (peer workers, mentors, mentees, network members, award
nominees and nominators), answered by the contact they gave: `warp manage person_data`; and a nominee who
is a student, in their subject access bundle and erasure."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_student
from tests.programmes import factories
from warp.audit.models import AuditEntry
from warp.privacy.bundle import build_bundle, bundle_html
from warp.privacy.coverage import PEOPLE
from warp.privacy.services import student_erase
from warp.programmes.access import the_network
from warp.programmes.models import Membership, Mentor, Nomination, NomineeConsent, PeerWorker
from warp.programmes.services import awards
from warp.programmes.services import mentoring as mentoring_services


def _run(*args) -> str:
    out = StringIO()
    call_command("person_data", *args, stdout=out)
    return out.getvalue()


def test_every_people_entry_names_a_real_model_and_field(db):
    from django.apps import apps

    for cover in PEOPLE:
        model = apps.get_model(cover.label)
        model._default_manager.filter(**{f"{cover.match}__iexact": "x"}).exists()  # the lookup resolves
        for name in cover.blank:
            model._meta.get_field(name)
        assert cover.erase in {"anonymise", "delete", "keep"}
        if cover.erase == "keep":
            assert cover.why


@pytest.fixture
def people(personas):
    year = factories.make_year(2026)
    nomination = factories.nominate(
        year, nominee="Rowan Hale", nominee_contact="Rowan@Example.org", nominator_contact="jules@example.org"
    )
    worker = factories.make_worker(first_name="Ash", last_name="Quennell", email="ash.q@example.org")
    mentor = mentoring_services.mentor_create(name="Mo Lind", email="mo@example.org")
    member = factories.make_staff("Quillon")
    factories.join(the_network(), member)
    return {"nomination": nomination, "worker": worker, "mentor": mentor, "member": member}


def test_a_nominees_request_finds_their_nomination_by_their_contact_whatever_its_case(people):
    found = json.loads(_run("--contact", "rowan@example.org"))
    assert [row["nominee_name"] for row in found["programmes.Nomination"]] == ["Rowan Hale"]
    assert AuditEntry.objects.filter(action="export", model="privacy.Person").count() == 1


def test_erasing_a_nominator_blanks_their_details_and_keeps_the_nomination(people):
    Nomination.objects.update(nominator_quote_consent=True)
    out = _run("--contact", "jules@example.org", "--erase", "--basis", "Asked by email on 3 March 2026")
    assert "Erased 1 record" in out
    nomination = Nomination.objects.get()
    assert (nomination.nominator_name, nomination.nominator_contact) == ("", "")
    assert nomination.nominator_quote_consent is False  # their words are quoted no more
    assert nomination.nominee_name == "Rowan Hale"
    assert AuditEntry.objects.filter(action="erase", model="privacy.Person").exists()


def test_erasing_a_nominee_blanks_their_details_and_withdraws_consent(people, personas):
    awards.nominee_consent_record(
        nomination=people["nomination"],
        consent="given",
        on=date(2026, 5, 1),
        by=personas["partnership_lead"],
    )
    _run("--contact", "rowan@example.org", "--erase", "--basis", "Their request")
    nomination = Nomination.objects.get()
    assert (nomination.nominee_name, nomination.why) == ("", "")
    assert nomination.nominee_consent == NomineeConsent.REFUSED


def test_erasing_a_peer_worker_a_mentor_and_a_member(people):
    _run("--contact", "ash.q@example.org", "--erase", "--basis", "Left the trust")
    worker = PeerWorker.objects.get()
    assert (worker.first_name, worker.email) == ("Erased", "")
    _run("--contact", "mo@example.org", "--erase", "--basis", "Their request")
    assert Mentor.objects.get().name == "Erased mentor"
    _run("--contact", people["member"].email, "--erase", "--basis", "Their request")
    assert not Membership.objects.exists()


def test_erasing_needs_a_basis(people):
    with pytest.raises(CommandError, match="basis"):
        _run("--contact", "mo@example.org", "--erase")


def test_a_nominee_who_is_a_student_is_in_their_bundle_and_their_erasure(people, personas):
    student = make_student(first_name="Rowan", last_name="Hale")
    awards.nominee_student_link(
        nomination=people["nomination"], student=student, by=personas["administrator"]
    )
    bundle = build_bundle(student)
    assert [row["nominee_name"] for row in bundle["sections"]["programmes.Nomination"]] == ["Rowan Hale"]
    assert "Your award nominations" in bundle_html(bundle)
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    nomination = Nomination.objects.get()
    assert (nomination.nominee_name, nomination.nominee_contact, nomination.why) == ("", "", "")
