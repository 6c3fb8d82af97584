"""Staff journeys: a register on a phone, reviews coded, reports downloaded, a TRIP round, a commissioner."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre
from warp.bookings.models import Attendance, Mark
from warp.students.models import LearningPlanReview
from warp.teams.models import TripResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _menu(page, name: str):
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def test_trainer_takes_a_register_on_a_phone(open_tab):
    centre = build_centre()
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["peer_trainer"].email)
    tab.arrive("Your sessions")
    tab.screenshot("trainer-sessions")
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_role(
        "link", name=re.compile(f"Peer Support Toolkit.*register for {yesterday.day} {yesterday:%B}")
    ).click()
    tab.arrive("Register: Peer Support Toolkit")
    # Nothing on the page is wider than the phone: no sideways scrolling to reach a mark.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    marks = {
        "Sam Rivers": "Present",
        "Ana Moss": "Present",
        "Ben Hart": "Sent apologies",
        "Cy Lowe": "Absent",
    }
    for name, mark in marks.items():
        page.get_by_role("group", name=name).get_by_role("radio", name=mark, exact=True).check()
    tab.screenshot("trainer-register", show=".warp-register")
    page.get_by_role("button", name="Save the register").click()
    tab.arrive("Register: Peer Support Toolkit")
    assert "Register saved (4 marks changed)." in page.locator(".warp-message").inner_text()
    assert page.get_by_role("group", name="Ben Hart").get_by_role("radio", name="Sent apologies").is_checked()
    saved = {
        a.booking.student.full_name: a.mark for a in Attendance.objects.select_related("booking__student")
    }
    assert saved["Sam Rivers"] == Mark.PRESENT and saved["Cy Lowe"] == Mark.ABSENT


def test_tutor_records_a_review_then_codes_it(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["admissions_tutor"].email)
    tab.arrive("Students")
    page.get_by_label("Search students").fill("Rivers")
    page.get_by_role("button", name="Search").click()
    tab.arrive("Students")
    page.get_by_role("link", name="Rivers, Sam").click()
    tab.arrive("Sam Rivers")
    page.get_by_role("link", name="Record a review with Sam Rivers").click()
    tab.arrive("Record a learning plan review")
    page.get_by_label("Date of the review").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("What changes have you made").fill(
        "I go to a walking group every week and I sleep better."
    )
    page.get_by_label("They agree we may quote their words").check()
    page.get_by_role("button", name="Save the review").click()
    tab.arrive("Sam Rivers")

    # Coding later, on the coding screen: three categories is one too many; the ticks are kept.
    _menu(page, "Reviews to code")
    tab.arrive("Reviews to code")
    section = page.locator("section.warp-review-to-code").filter(has_text="Sam Rivers")
    assert "I go to a walking group every week" in section.inner_text()
    for label in ("Improve self-management", "Social / community participation", "Increased self-esteem"):
        section.get_by_label(label).check()
    section.get_by_role("button", name="Save").click()
    tab.arrive("Code this review")
    assert "Choose at most 2 categories" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.get_by_label("Increased self-esteem").is_checked()
    page.get_by_label("Increased self-esteem").uncheck()
    page.get_by_role("button", name="Save").click()
    tab.axe()
    assert "coded as" in page.locator(".warp-message").inner_text()
    review = LearningPlanReview.objects.get(student=centre.sam)
    assert sorted(c.code for c in review.categories.all()) == ["participation", "self-management"]


def test_manager_opens_the_evaluation_report_and_downloads_pdf_and_csv(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    page.goto(tab.url("/reports/evaluation/"))
    tab.arrive("Evaluation report")
    main = page.locator("main").inner_text()
    assert "Registered students" in main and "Learning Plan Reviews" in main
    tab.screenshot("evaluation-report")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF", exact=True).click()
    with open(pdf_download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as csv:
        lines = csv.read().splitlines()
    assert lines[0] == "section,measure,group,value"
    assert any(line.startswith("students,") for line in lines[1:])


def test_team_lead_runs_a_trip_round_from_paper_forms_and_sees_the_radar_chart(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["team_lead"].email)
    tab.arrive("Your teams")
    page.get_by_role("link", name="Harbour Ward").click()
    tab.arrive("Harbour Ward")
    page.get_by_role("link", name="Start a new TRIP round").click()
    tab.arrive("Start a Brief TRIP round for Harbour Ward")
    page.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    tab.arrive("Harbour Ward: Brief TRIP")
    page.get_by_role("link", name="Type in paper forms").click()
    forms = [
        ("Person who accesses the service", [3, 4, 2, 3, 1, 4, 5, 2, 3, 3], "Save and type the next form"),
        ("Carer or supporter", [2, 3, 2, 4, 2, 3, 4, 1, 2, 3], "Save and type the next form"),
        ("Staff member", [4, 4, 3, 5, 2, 4, 5, 3, 4, 4], "Save and see the results"),
    ]
    for perspective, scores, button in forms:
        tab.arrive("Type in a paper TRIP form")
        page.get_by_role("radio", name=perspective).check()
        boxes = page.locator("table.warp-score-grid input")
        assert boxes.count() == 10
        for index, score in enumerate(scores):
            boxes.nth(index).fill(str(score))
        page.get_by_role("button", name=button).click()
    tab.arrive("Harbour Ward: Brief TRIP")
    assert TripResponse.objects.count() == 3
    # Charts are SVG images (a data: URI keeps the Content Security Policy free of inline styles).
    chart = page.locator('figure.warp-chart img[src^="data:image/svg+xml"]')
    assert chart.count() == 1 and chart.is_visible()
    assert page.evaluate("el => el.naturalWidth > 0", chart.element_handle())  # the browser drew it
    assert (
        "Strongest" in page.locator("main").inner_text() or "strongest" in page.locator("main").inner_text()
    )
    tab.screenshot("trip-round", show="figure.warp-chart")


def test_commissioner_sees_aggregates_and_is_refused_a_students_record(open_tab):
    centre = build_centre()
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["commissioner"].email)
    tab.axe()
    page.goto(tab.url("/reports/evaluation/"))
    tab.arrive("Evaluation report")
    main = page.locator("main").inner_text()
    assert "Registered students" in main
    assert "Sam Rivers" not in main
    _menu(page, "Team summaries")
    tab.arrive("Team summaries")
    assert "Harbour Ward" not in page.locator("main").inner_text()
    response = page.goto(tab.url(f"/students/{centre.sam.pk}/"))
    assert response.status == 403
    tab.arrive("You cannot see this page")
    assert "This keeps people's information private." in page.locator("main").inner_text()
    assert "Sam Rivers" not in page.content()


def test_manager_finds_every_imports_template_on_a_phone_and_downloads_one(open_tab):
    centre = build_centre()
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    page.goto(tab.url("/students/import/"))
    tab.arrive("Import students")
    tab.axe()
    page.get_by_role("link", name="templates for every import").click()
    tab.arrive("Import templates")
    tab.axe()
    tab.fits_phone()
    assert page.get_by_role("heading", name="Learning Plan Reviews").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="learning plan reviews CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as csv:
        assert csv.readline().startswith("registration_number,review_date,changes,categories")
