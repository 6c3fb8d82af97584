"""A feedback link as a QR code (an SVG image file) and as a printable sheet for the last session (PDF)."""

import base64
import io
import re
from xml.etree import ElementTree

import qrcode
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import link_for, make_finished_run
from warp.feedback.sheets import link_sheet_html


def _dark_modules_drawn(svg: bytes) -> set[tuple[int, int]]:
    """The squares the SVG path fills: qrcode's path draws each dark module as "Mx,yH..V..H..z"."""
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own server's output, in a test
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    (path,) = root.iter("{http://www.w3.org/2000/svg}path")
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", path.get("d", ""))}


def _dark_modules_of(text: str) -> set[tuple[int, int]]:
    """The QR code of the text worked out independently, straight from the qrcode library."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return {(x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark}


def _urls(run, link):
    address = "http://testserver" + reverse("feedback:anonymous", args=[link.token])
    qr = reverse("feedback:link-qr", args=[run.pk, link.pk])
    sheet = reverse("feedback:link-sheet", args=[run.pk, link.pk])
    return address, qr, sheet


def test_the_qr_code_is_an_svg_image_of_exactly_that_link(client_for, personas):
    run = make_finished_run(trainers=[personas["peer_trainer"]])
    link = link_for(run, uses=20)
    address, qr, _sheet = _urls(run, link)
    response = client_for("peer_trainer").get(qr)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "no-store"
    assert _dark_modules_drawn(response.content) == _dark_modules_of(address)
    assert _dark_modules_drawn(response.content) != _dark_modules_of(address + "x")


def test_the_links_page_shows_each_link_as_an_image_file_and_offers_its_sheet(client_for, personas):
    run = make_finished_run(trainers=[personas["peer_trainer"]])
    link = link_for(run, uses=20)
    _address, qr, sheet = _urls(run, link)
    page = client_for("peer_trainer").get(reverse("feedback:link-list", args=[run.pk])).content.decode()
    assert f'<img class="warp-feedback-qr" src="{qr}" alt="QR code for this link">' in page
    assert f'href="{sheet}"' in page
    assert "<svg" not in page  # an image file, never inline SVG (the CSP would block its styles)


def test_the_printable_sheet_names_the_course_and_carries_the_link_and_its_qr_code(
    client_for, personas, django_assert_max_num_queries
):
    run = make_finished_run(title="Understanding Depression and Anxiety")
    link = link_for(run, uses=20)
    address, _qr, sheet = _urls(run, link)
    client = client_for("centre_manager")
    # session + user, the run (with course and term), the link, the last session
    with django_assert_max_num_queries(6):
        response = client.get(sheet)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Understanding Depression and Anxiety" in " ".join(text.split())
    assert address in "".join(text.split())  # the address may wrap over two lines
    assert "Thank you for coming" in text
    assert len(reader.pages) == 1


def test_the_sheet_prints_the_qr_code_of_its_own_link(db):
    run = make_finished_run(title="Living Well")
    address = "https://rec.example.org/feedback/f/a-token/"
    html = link_sheet_html(run=run, url=address)
    (encoded,) = re.findall(r'<img class="qr" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert _dark_modules_drawn(base64.b64decode(encoded)) == _dark_modules_of(address)
    assert address in html and "Living Well" in html


def test_the_sheet_and_qr_code_are_only_for_those_who_may_make_the_runs_links(client_for, personas):
    theirs = make_finished_run(trainers=[personas["professional_trainer"]])
    link = link_for(theirs, uses=5)
    _address, qr, sheet = _urls(theirs, link)
    trainer = client_for("peer_trainer")
    assert trainer.get(qr).status_code == 404 and trainer.get(sheet).status_code == 404
    tutor = client_for("admissions_tutor")  # types in paper forms, makes no links
    assert tutor.get(qr).status_code == 403 and tutor.get(sheet).status_code == 403
    assert client_for("anonymous").get(qr).status_code in (302, 403)


def test_a_link_is_reached_only_through_its_own_run(client_for, personas):
    mine = make_finished_run(trainers=[personas["peer_trainer"]])
    other = link_for(make_finished_run(trainers=[personas["professional_trainer"]]), uses=5)
    client = client_for("peer_trainer")
    assert client.get(reverse("feedback:link-qr", args=[mine.pk, other.pk])).status_code == 404
    assert client.get(reverse("feedback:link-sheet", args=[mine.pk, other.pk])).status_code == 404
