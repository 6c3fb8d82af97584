"""Double coding a review (drawn, coded blind, agreed) and service use (typed in, then the report)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.factories import build_centre
from tests.factories import category
from warp.service_use.models import ServiceUseAnswer
from warp.service_use.services import service_save
from warp.students.models import ReviewSecondCoding
from warp.students.services import review_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_draws_a_review_codes_it_blind_and_agrees_the_final_coding(open_tab):
    centre = build_centre()
    today = timezone.localdate()
    review_record(
        student=centre.sam,
        review_date=today,
        changes="I ring my brother every Sunday now.",
        held_by=centre.people["admissions_tutor"],
        categories=[category("relationships")],
    )
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    page.goto(tab.url("/students/reviews/second-coding/"))
    tab.arrive("Second coding")
    page.get_by_role("link", name="Draw reviews for a second coding").first.click()
    tab.arrive("Draw reviews for a second coding")
    page.get_by_label("Reviews held from").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Reviews held to").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Percentage of those reviews to draw").fill("100")
    page.get_by_role("button", name="Draw the reviews").click()
    tab.arrive("Second coding")
    section = page.locator("section.warp-review-to-code").filter(has_text="Sam Rivers")
    assert "I ring my brother every Sunday now." in section.inner_text()
    assert "Improve relationships" not in section.locator("dl").inner_text()  # the first coding is not shown
    section.get_by_label("Acceptance / hope").check()
    section.get_by_role("button", name="Save").click()
    tab.arrive("Second coding")
    page.get_by_role("link", name="Coding disagreements").click()
    tab.arrive("Coding disagreements")
    section = page.locator("section.warp-review-to-code").filter(has_text="Sam Rivers")
    assert "Improve relationships" in section.inner_text() and "Acceptance / hope" in section.inner_text()
    section.get_by_label("Improve relationships").check()
    section.get_by_role("button", name="Save the final coding").click()
    tab.arrive("Coding disagreements")
    coding = ReviewSecondCoding.objects.get(review__student=centre.sam)
    assert coding.agreed_at is not None


def test_tutor_types_in_service_use_and_the_manager_reads_the_report(open_tab):
    centre = build_centre()
    service_save(code="gp", label="GP appointment", unit_cost=Decimal("42.00"), source="An example")
    tab = open_tab()
    page = tab.page
    tab.sign_in(centre.people["admissions_tutor"].email)
    tab.axe()
    page.goto(tab.url(f"/students/{centre.sam.pk}/"))
    tab.arrive("Sam Rivers")
    page.get_by_role("link", name="Services they used, before and after attending").click()
    tab.arrive("Services they used")
    page.get_by_label("Date they answered").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("The answer is about").select_option("before")
    page.get_by_label("How many months the answer covers").fill("3")
    page.get_by_label("GP appointment: times used").fill("6")
    page.get_by_role("button", name="Save the answer").click()
    tab.arrive("Services they used")
    assert "GP appointment: 6 times" in page.locator("main").inner_text()
    assert ServiceUseAnswer.objects.get(student=centre.sam).months == 3
    tab.sign_out()
    tab.axe()
    tab.sign_in(centre.people["centre_manager"].email)
    tab.axe()
    tab.axe()
    page.goto(tab.url("/reports/service-use/"))
    tab.arrive("Service use and costs")
    assert "self-reported and uncontrolled" in page.locator("main").inner_text()
