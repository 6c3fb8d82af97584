"""Network journeys: a coordinator trusts a centre, imports its bundle and reads the network report; a
centre manager rates the centre's fidelity and previews the figures before downloading the signed file."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre
from tests.network.helpers import END, START, hand_bundle
from warp.network import keys
from warp.network.services import framework_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _menu(page, name: str):
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def test_coordinator_trusts_a_centre_imports_its_bundle_and_reads_the_report(open_tab, tmp_path):
    centre = build_centre()
    key = Ed25519PrivateKey.generate()
    bundle = tmp_path / "north.json"
    bundle.write_text(
        json.dumps(
            hand_bundle(
                key,
                code="NORTH",
                name="Northern Recovery College",
                registered=40,
                booked=50,
                completed=40,
                completion=80,
                answered=20,
                yes=18,
                again=90,
                fidelity=[("C1", 2)],
            )
        )
    )
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["network_coordinator"].email)
    tab.arrive("Network report")
    _menu(page, "Trusted centres")
    tab.arrive("Trusted centres")
    page.get_by_label("Centre code").fill("NORTH")
    page.get_by_label("The centre's public key").fill(keys.public_key_text(key.public_key()))
    page.get_by_role("button", name="Trust this key").click()
    tab.arrive("Trusted centres")
    assert "now trusts NORTH" in page.locator("main").inner_text()
    _menu(page, "Import a bundle")
    tab.arrive("Import a bundle")
    page.get_by_label("Bundle file").set_input_files(str(bundle))
    page.get_by_role("button", name="Import").click()
    tab.arrive("Import a bundle")
    assert "is imported" in page.locator("main").inner_text()
    _menu(page, "Network report")
    tab.arrive("Network report")
    page.get_by_role("link", name=f"{START.day} {START:%B %Y} to {END.day} {END:%B %Y}").click()
    tab.arrive("Network report")
    main = page.locator("main").inner_text()
    assert "Northern Recovery College" in main and "80%" in main
    chart = page.locator(".warp-chart img").first
    assert page.evaluate("el => el.naturalWidth > 0", chart.element_handle())


def test_manager_rates_fidelity_and_previews_the_bundle_before_downloading_it(open_tab):
    centre = build_centre()
    framework_load(
        data={
            "components": [
                {
                    "code": "PAIRS",
                    "name": "Taught in pairs",
                    "description": "Invented for the test.",
                    "levels": [
                        {"level": 1, "name": "Sometimes", "description": "A few courses."},
                        {"level": 2, "name": "Always", "description": "Every course."},
                    ],
                }
            ]
        }
    )
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    page.goto(tab.url("/network/fidelity/"))
    tab.arrive("Fidelity self-assessment")
    page.get_by_role("link", name="Record a rating").click()
    tab.arrive("Record a fidelity rating")
    page.get_by_label("Component").select_option(label="Taught in pairs")
    page.get_by_label("Level").fill("2")
    page.get_by_label("Evidence").fill("Every course this term had a peer trainer.")
    page.get_by_role("button", name="Save the rating").click()
    tab.arrive("Fidelity self-assessment")
    assert "2 of 2" in page.locator("main").inner_text()
    page.goto(tab.url("/network/export/"))
    tab.arrive("Share figures with the network")
    page.get_by_label("From").fill("01/01/2026")
    page.get_by_label("To").fill("30/06/2026")
    page.get_by_label("Your centre's code in the network").fill("WEST-REC")
    page.get_by_role("button", name="Show the figures first").click()
    tab.arrive("Share figures with the network")
    main = page.locator("main").inner_text()
    assert "What the file will hold" in main and "Taught in pairs: level 2 of 2" in main
    assert "Sam Rivers" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the signed file").click()
    document = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert document["centre"]["code"] == "WEST-REC"
