from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.prospectus import factories
from warp.prospectus.models import Course, CourseTheme, Perspective
from warp.prospectus.services import CoProducerInput, course_theme_add


def _course_post(**overrides) -> dict:
    if not CourseTheme.objects.filter(name="Living well").exists():  # chosen from the managers' list
        course_theme_add(name="Living well")
    data = {
        "title": "Mindfulness for Beginners",
        "summary": "Ways to notice the present moment.",
        "learning_outcomes": "Try three short practices",
        "audience": "Anyone",
        "theme": "Living well",
        "level": "rec",
        "usual_sessions": "4",
        "usual_session_minutes": "120",
        "review_date": "2027-06-30",
        "co_producers-TOTAL_FORMS": "2",
        "co_producers-INITIAL_FORMS": "0",
        "co_producers-MIN_NUM_FORMS": "0",
        "co_producers-MAX_NUM_FORMS": "30",
        "co_producers-0-name": "Alex Rowe",
        "co_producers-0-perspective": Perspective.LIVED_MENTAL_HEALTH,
        "co_producers-1-name": "Dr Sunita Rao",
        "co_producers-1-perspective": Perspective.PROFESSIONAL,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_manager_creates_a_course_with_its_co_production_record(client_for):
    response = client_for("centre_manager").post(reverse("prospectus:course-create"), _course_post())
    assert response.status_code == 302
    course = Course.objects.get(title="Mindfulness for Beginners")
    assert course.review_date == date(2027, 6, 30)
    assert sorted(course.co_producers.values_list("name", "perspective")) == [
        ("Alex Rowe", Perspective.LIVED_MENTAL_HEALTH),
        ("Dr Sunita Rao", Perspective.PROFESSIONAL),
    ]


@pytest.mark.django_db
def test_manager_edits_the_co_production_record_inline(client_for):
    client = client_for("centre_manager")
    client.post(reverse("prospectus:course-create"), _course_post())
    course = Course.objects.get(title="Mindfulness for Beginners")
    alex, sunita = course.co_producers.order_by("name")
    data = _course_post(
        **{
            "co_producers-TOTAL_FORMS": "3",
            "co_producers-INITIAL_FORMS": "2",
            "co_producers-0-id": str(alex.pk),
            "co_producers-1-id": str(sunita.pk),
            "co_producers-1-DELETE": "on",
            "co_producers-2-name": "Pat Keane",
            "co_producers-2-perspective": Perspective.LIVED_CARING,
        }
    )
    response = client.post(reverse("prospectus:course-update", args=[course.pk]), data)
    assert response.status_code == 302
    assert sorted(course.co_producers.values_list("name", flat=True)) == ["Alex Rowe", "Pat Keane"]


@pytest.mark.django_db
def test_a_course_form_with_a_mistake_keeps_what_was_typed_and_says_what_to_do(client_for):
    response = client_for("centre_manager").post(reverse("prospectus:course-create"), _course_post(title=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Ways to notice the present moment." in page
    assert "Alex Rowe" in page
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_courses_due_for_review_lists_past_and_next_30_days_soonest_first(
    client_for, django_assert_max_num_queries
):
    today = timezone.localdate()
    factories.course("Overdue", review_date=today - timedelta(days=10))
    factories.course("Due soon", review_date=today + timedelta(days=30))
    factories.course("Later", review_date=today + timedelta(days=31))
    factories.course("No date")
    factories.course("Retired", review_date=today - timedelta(days=1), is_historic=True)

    assert [c.title for c in Course.objects.due_for_review(today)] == ["Overdue", "Due soon"]
    client = client_for("centre_manager")
    # Queries: session, user, the courses due for review.
    with django_assert_max_num_queries(3):
        page = client.get(reverse("prospectus:course-review-list")).content.decode()
    assert page.index("Overdue") < page.index("Due soon")
    assert "Later" not in page and "Retired" not in page


@pytest.mark.django_db
def test_course_list_query_count_does_not_grow_with_courses(client_for, django_assert_max_num_queries):
    client = client_for("centre_manager")
    for _ in range(3):
        factories.course()
    # Queries: session, user, courses, their co-producers.
    with django_assert_max_num_queries(4):
        client.get(reverse("prospectus:course-list"))
    for _ in range(20):
        factories.course(
            co_producers=[CoProducerInput(name="Alex Rowe", perspective=Perspective.PROFESSIONAL)]
        )
    with django_assert_max_num_queries(4):
        response = client.get(reverse("prospectus:course-list"))
    assert len(response.context["courses"]) == 23
