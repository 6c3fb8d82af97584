"""The staff booking list names each run by course, term, first date and venue (issue 14, 2.12)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student, make_term, make_venue
from warp.prospectus.models import Course, CourseRun, Venue

pytestmark = pytest.mark.django_db


def _second_run_of(run: CourseRun, *, days: int, venue: Venue) -> CourseRun:
    other = make_run(term=run.term, session_days=[days], venue=venue)
    other.course = run.course
    other.save()
    Course.objects.filter(runs=None).delete()  # the course make_run made for it
    return other


def _option_texts(html: str) -> list[str]:
    import re

    return [text.strip() for text in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", html)]


def test_two_runs_of_one_course_are_told_apart_by_first_date_and_venue(personas, client_for):
    term = make_term("Spring 2027")
    hall = make_venue(name="Quay Hall", locality="Poole")
    library = make_venue(name="Town Library", locality="Weymouth")
    first = make_run(term=term, title="Recovery Narratives", session_days=[7, 14], venue=hall)
    _second_run_of(first, days=9, venue=library)
    student = make_student()

    page = client_for("admissions_tutor").get(reverse("bookings:student-bookings", args=[student.pk]))

    day7 = timezone.localdate() + timedelta(days=7)
    day9 = timezone.localdate() + timedelta(days=9)
    options = _option_texts(page.content.decode())
    assert options == [
        f"Recovery Narratives, Spring 2027, from {day7:%a} {day7.day} {day7:%b}, Quay Hall",
        f"Recovery Narratives, Spring 2027, from {day9:%a} {day9.day} {day9:%b}, Town Library",
    ]


@pytest.mark.parametrize("runs", [2, 20])
def test_staff_booking_page_query_count_does_not_grow_with_runs(
    runs, personas, client_for, django_assert_max_num_queries
):
    term = make_term()
    for _ in range(runs):
        make_run(term=term)
    student = make_student()
    client = client_for("admissions_tutor")
    # session + user, the student, the audit entry, the student's bookings, the bookable runs, their
    # sessions with venues (one prefetch)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("bookings:student-bookings", args=[student.pk]))
    assert len(_option_texts(page.content.decode())) == runs
