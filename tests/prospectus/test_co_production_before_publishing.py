"""Issue 16, item 7: a course reaches the prospectus only with a co-production record naming someone with
lived experience. The report: courses "co-produced and co-delivered with professionals and people who have
lived experience of mental health problems" (line 241), co-production as an equal partnership with people who
access services, carers and supporters (lines 156-164)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.prospectus import factories
from tests.prospectus.test_courses import _course_post
from warp.prospectus import services
from warp.prospectus.models import Course, Perspective, RunStatus

pytestmark = pytest.mark.django_db
ONLY_PROFESSIONALS = [services.CoProducerInput(name="Dr Sunita Rao", perspective=Perspective.PROFESSIONAL)]


def _publish(run):
    services.course_run_publish(course_run=run, by=factories.manager())


def test_a_run_of_a_course_with_no_co_producers_is_not_published_and_says_what_to_add():
    """Line 241: every course is co-produced with people with lived experience; none recorded, none shown."""
    run = factories.run(course=factories.course(co_producers=[]), publish=False)
    with pytest.raises(ValidationError) as refused:
        _publish(run)
    text = " ".join(refused.value.messages)
    assert "has no co-production record with someone with lived experience" in text
    assert "add, under Co-producers, at least one person with lived experience" in text
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_professionals_alone_are_not_a_co_production_record():
    """Lines 158-160: co-production is between professionals and people using services, carers and
    supporters; a course designed by professionals only is not co-produced."""
    run = factories.run(course=factories.course(co_producers=ONLY_PROFESSIONALS), publish=False)
    with pytest.raises(ValidationError, match="no co-production record"):
        _publish(run)


@pytest.mark.parametrize("lived", [Perspective.LIVED_MENTAL_HEALTH, Perspective.LIVED_CARING])
def test_lived_experience_of_mental_health_problems_or_of_caring_lets_the_run_be_published(lived):
    """Lines 156-158 (carers and supporters are partners in co-production too) and 241."""
    course = factories.course(
        co_producers=[*ONLY_PROFESSIONALS, services.CoProducerInput(name="Robin Hale", perspective=lived)]
    )
    run = factories.run(course=course, publish=False)
    _publish(run)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED


def test_the_manager_sees_the_refusal_on_the_run_page_then_adds_a_co_producer_and_publishes(client_for):
    """Line 241: the refusal is kind and says what to add; once added, the run goes into the prospectus."""
    course = factories.course(title="Mindfulness for Beginners", co_producers=ONLY_PROFESSIONALS)
    run = factories.run(course=course, publish=False)
    client = client_for("centre_manager")

    page = client.post(reverse("prospectus:run-publish", args=[run.pk]), follow=True).content.decode()
    assert "Mindfulness for Beginners has no co-production record with someone with lived experience" in page

    client.post(reverse("prospectus:course-update", args=[course.pk]), _course_post())  # lived + professional
    client.post(reverse("prospectus:run-publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED


def test_the_last_person_with_lived_experience_cannot_leave_the_record_of_a_published_course(client_for):
    """Line 241: a course in the prospectus stays co-produced; the change is refused, and nothing is lost."""
    run = factories.run(course=factories.course(title="Mindfulness for Beginners"))
    client = client_for("centre_manager")
    only_professional = _course_post(
        **{"co_producers-0-perspective": Perspective.PROFESSIONAL, "co_producers-0-name": "Dr Kim Lowe"}
    )
    response = client.post(reverse("prospectus:course-update", args=[run.course.pk]), only_professional)
    page = response.content.decode()
    assert response.status_code == 200 and "must keep at least one person with lived experience" in page
    assert "Dr Kim Lowe" in page  # what was typed is shown back
    course = Course.objects.get(pk=run.course.pk)
    assert course.co_producers.filter(perspective=Perspective.LIVED_MENTAL_HEALTH).exists()


def test_a_historic_run_is_never_published(personas):
    """The whole history (issue 16, item 5): runs from before WaRP are records for the reports only."""
    course = factories.course(title="Recovery Narratives", is_historic=True)
    run = factories.run(course=course, publish=False)
    with pytest.raises(ValidationError, match="from the centre's history before WaRP"):
        _publish(run)
