"""The pages: a centre manager previews and downloads the signed file; a network coordinator trusts
centres, withdraws trust and imports bundles."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import today
from tests.network.helpers import add_workshops_and_questionnaires, build_centre, hand_bundle
from warp.network import keys
from warp.network.bundle import canonical
from warp.network.models import NetworkBundle, TrustedCentre

pytestmark = pytest.mark.django_db


def test_a_manager_previews_every_figure_before_the_file_is_made(client_for, django_assert_max_num_queries):
    people = build_centre()
    add_workshops_and_questionnaires(people)
    client = client_for("centre_manager")
    period = {
        "start": today().replace(month=1, day=1).strftime("%d/%m/%Y"),
        "end": today().strftime("%d/%m/%Y"),
    }
    assert not keys.key_path().exists()
    # Session and user (2), the trusted centre for the form's code (1), the evaluation report's sections
    # (about a dozen, with the cohorts' before-and-after figures taken from each questionnaire's outcomes
    # report), age bands (1), the yes count (1), the co-facilitated count (1), fidelity (1), the
    # questionnaires (1) and four for each questionnaire answered (its outcomes report); none per student
    # or per workshop.
    with django_assert_max_num_queries(38):
        response = client.post(
            reverse("network:export"), {**period, "centre": "WEST-REC", "action": "preview"}
        )
    page = response.content.decode()
    assert response.status_code == 200 and "What the file will hold" in page
    assert "Registered students: 10" in page and "Download the signed file" in page
    assert keys.centre_public_key() in page
    assert "Workshops co-facilitated" in page and "Calm Check (calm-check)" in page
    assert "Followed up (calm-check)" in page
    assert not any(p.last_name in page or p.email in page for p in people)
    download = client.post(reverse("network:export"), {**period, "centre": "WEST-REC", "action": "download"})
    assert download["Content-Disposition"].startswith('attachment; filename="WEST-REC-')
    document = json.loads(download.content)
    assert keys.verifies(document["public_key"], canonical(document), document["signature"])


def test_the_export_form_asks_again_kindly_for_a_bad_code(client_for):
    response = client_for("centre_manager").post(
        reverse("network:export"), {"start": "01/01/2026", "end": "30/06/2026", "centre": "WEST REC"}
    )
    page = response.content.decode()
    assert "A centre code has no spaces" in page and 'value="WEST REC"' in page


def test_a_coordinator_trusts_a_centre_then_withdraws_it(client_for):
    client = client_for("network_coordinator")
    key = keys.public_key_text(Ed25519PrivateKey.generate().public_key())
    response = client.post(reverse("network:trust"), {"code": "NORTH", "name": "Northern", "public_key": key})
    assert response.status_code == 302
    centre = TrustedCentre.objects.get()
    assert centre.public_key == key and centre.is_trusted
    page = client.get(reverse("network:trust")).content.decode()
    assert "NORTH" in page and "Withdraw trust" in page
    assert client.post(reverse("network:trust-withdraw", args=[centre.pk])).status_code == 302
    centre.refresh_from_db()
    assert not centre.is_trusted
    assert "Withdrawn on" in client.get(reverse("network:trust")).content.decode()


def test_a_bad_key_on_the_trust_page_is_shown_back_with_what_to_do(client_for):
    response = client_for("network_coordinator").post(
        reverse("network:trust"), {"code": "NORTH", "name": "", "public_key": "abc"}
    )
    page = response.content.decode()
    assert "not a public key" in page and 'value="abc"' in page
    assert not TrustedCentre.objects.exists()


def test_a_coordinator_imports_a_bundle_and_is_told_why_one_is_refused(client_for):
    client = client_for("network_coordinator")
    key = Ed25519PrivateKey.generate()
    document = hand_bundle(key, code="NORTH", registered=30)
    upload = SimpleUploadedFile("north.json", json.dumps(document).encode(), "application/json")
    refused = client.post(reverse("network:import"), {"bundle": upload})
    assert "does not trust a centre with the code" in refused.content.decode()
    client.post(
        reverse("network:trust"),
        {"code": "NORTH", "name": "", "public_key": keys.public_key_text(key.public_key())},
    )
    upload = SimpleUploadedFile("north.json", json.dumps(document).encode(), "application/json")
    response = client.post(reverse("network:import"), {"bundle": upload}, follow=True)
    assert "is imported" in response.content.decode()
    assert NetworkBundle.objects.get().centre.code == "NORTH"
