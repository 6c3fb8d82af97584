"""The pages for Learning Plan Reviews: recording one, the coding screen, and where students see theirs."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import category, make_review, make_student
from warp.students.models import LearningPlanReview
from warp.students.review_views import CODING_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _ticks(*codes: str, prefix: str) -> dict:
    return {f"{prefix}-categories": [str(category(code).pk) for code in codes]}


def test_an_admissions_tutor_records_a_review_from_the_students_page(client_for, personas):
    student = make_student(first_name="Robin")
    client = client_for("admissions_tutor")
    detail = client.get(reverse("students:student-detail", args=[student.pk])).content.decode()
    assert reverse("students:review-record", args=[student.pk]) in detail
    response = client.post(
        reverse("students:review-record", args=[student.pk]),
        {
            "review_date": "14/05/2024",
            "courses_attended": "Recovery Narratives",
            "changes": "I joined a walking group.",
            "next_steps": "Try Peer Support Toolkit.",
            "quote_consent": "on",
            "categories": [str(category("participation").pk)],
        },
    )
    assert response.status_code == 302
    review = LearningPlanReview.objects.get(student=student)
    assert review.review_date == date(2024, 5, 14) and review.quote_consent
    assert review.held_by == personas["admissions_tutor"] and review.is_coded
    detail = client.get(reverse("students:student-detail", args=[student.pk])).content.decode()
    assert "I joined a walking group." in detail and "Social / community participation" in detail


def test_a_review_with_three_categories_keeps_what_was_typed_and_says_what_to_do(client_for):
    student = make_student()
    codes = ("self-management", "empathy", "employment")
    response = client_for("admissions_tutor").post(
        reverse("students:review-record", args=[student.pk]),
        {
            "review_date": "14/05/2024",
            "changes": "Lots has changed for me.",
            "categories": [str(category(code).pk) for code in codes],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not LearningPlanReview.objects.exists()
    assert "There is a problem" in page and "Choose at most 2 categories" in page
    assert "Lots has changed for me." in page
    assert page.count("checked") == 3


def test_the_students_page_lists_reviews_newest_first(client_for):
    student = make_student()
    make_review(student, review_date=date(2023, 3, 1), changes="Older answer")
    make_review(student, review_date=date(2024, 3, 1), changes="Newer answer")
    page = (
        client_for("centre_manager")
        .get(reverse("students:student-detail", args=[student.pk]))
        .content.decode()
    )
    assert page.index("Newer answer") < page.index("Older answer")


@pytest.mark.parametrize("how_many", [3, 30])
def test_student_page_with_reviews_query_count_does_not_grow(
    client_for, django_assert_max_num_queries, how_many, personas
):
    student = make_student()
    for n in range(how_many):
        make_review(
            student,
            held_by=personas["admissions_tutor"],
            categories=("self-esteem", "empathy"),
            changes=f"Said {n}",
        )
    client = client_for("admissions_tutor")
    # session, user, the student with their plan and whether processing is restricted, their identities,
    # this view's audit entry, the latest audit entries ("who has looked"), their reviews with who held
    # them, and the reviews' categories (one query for all of them)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("students:student-detail", args=[student.pk])).content.decode()
    assert page.count("Said ") == how_many


def test_trainers_see_no_reviews_on_a_students_page(client_for, personas):
    from tests.factories import make_run
    from warp.bookings.services import booking_create
    from warp.students.services import learning_plan_agree

    student = make_student()
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="To learn.")
    run = make_run(trainers=[personas["peer_trainer"], personas["professional_trainer"]])
    booking_create(student=student, course_run=run, by=personas["admissions_tutor"])
    make_review(student, changes="Private words")
    page = client_for("peer_trainer").get(reverse("students:student-detail", args=[student.pk]))
    assert page.status_code == 200 and "Private words" not in page.content.decode()


def test_a_student_sees_their_own_reviews_and_nobody_elses(client_for, personas):
    sam = make_student(email=personas["student"].email, user=personas["student"])
    make_review(sam, changes="I sleep better.", categories=("self-management",), next_steps="Book a course")
    make_review(make_student(), changes="Someone else's words")
    page = client_for("student").get(reverse("students:my-record")).content.decode()
    assert "Your learning plan reviews" in page and "I sleep better." in page and "Book a course" in page
    assert "Someone else&#x27;s words" not in page and "Someone else's words" not in page
    assert reverse("students:review-code", args=[sam.reviews.get().pk]) not in page  # read-only


def test_the_coding_screen_lists_uncoded_reviews_oldest_first(client_for):
    student = make_student()
    newer = make_review(student, review_date=date(2024, 2, 1), changes="Newer words")
    older = make_review(student, review_date=date(2023, 2, 1), changes="Older words")
    make_review(student, review_date=date(2022, 2, 1), changes="Coded words", categories=("empathy",))
    page = client_for("admissions_tutor").get(reverse("students:review-coding")).content.decode()
    assert page.index("Older words") < page.index("Newer words")
    assert "Coded words" not in page
    assert f'href="#review-{newer.pk}"' in page  # the skip link from the older one
    assert page.count('type="checkbox"') == 2 * 11
    assert f'action="{reverse("students:review-code", args=[older.pk])}"' in page


@pytest.mark.parametrize("how_many", [3, 30])
def test_coding_screen_query_count_does_not_grow_with_rows(
    client_for, django_assert_max_num_queries, how_many
):
    student = make_student()
    for n in range(how_many):
        make_review(student, changes=f"Words{n}.")
    client = client_for("admissions_tutor")
    # session, user, count of uncoded reviews, the page of reviews with their students, one audit insert for
    # every student shown, the categories
    with django_assert_max_num_queries(6):
        page = client.get(reverse("students:review-coding")).content.decode()
    assert page.count("Words") == min(how_many, CODING_PAGE_SIZE)
    assert f"{how_many} reviews waiting" in page


def test_saving_the_coding_moves_on_to_the_next_uncoded_review(client_for, personas):
    student = make_student()
    first = make_review(student, review_date=date(2023, 1, 1))
    second = make_review(student, review_date=date(2023, 2, 1))
    third = make_review(student, review_date=date(2023, 3, 1))
    client = client_for("admissions_tutor")
    # Saving the second (the first was skipped) goes on to the third, not back to the first.
    response = client.post(
        reverse("students:review-code", args=[second.pk]),
        _ticks("acceptance-hope", prefix=f"review-{second.pk}"),
    )
    assert response["Location"] == reverse("students:review-coding") + f"#review-{third.pk}"
    second.refresh_from_db()
    assert second.coded_by == personas["admissions_tutor"]
    response = client.post(
        reverse("students:review-code", args=[third.pk]), _ticks("no-change", prefix=f"review-{third.pk}")
    )
    assert response["Location"] == reverse("students:review-coding") + f"#review-{first.pk}"
    response = client.post(
        reverse("students:review-code", args=[first.pk]), _ticks("empathy", prefix=f"review-{first.pk}")
    )
    assert response["Location"] == reverse("students:review-coding")
    assert "no reviews waiting" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (("self-management", "empathy", "employment"), "Choose at most 2 categories"),
        (("no-change", "empathy"), "cannot be combined with another category"),
        ((), "Choose at least one category"),
    ],
)
def test_a_coding_error_keeps_the_ticks_and_says_what_to_do(client_for, codes, message):
    review = make_review(make_student(), changes="My words")
    prefix = f"review-{review.pk}"
    response = client_for("admissions_tutor").post(
        reverse("students:review-code", args=[review.pk]), _ticks(*codes, prefix=prefix)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page and "My words" in page
    assert page.count("checked") == len(codes)
    assert f'href="#id_{prefix}-categories_0"' in page  # the error summary links to the checkboxes
    review.refresh_from_db()
    assert not review.is_coded


def test_recoding_from_the_students_page_returns_there(client_for):
    review = make_review(make_student(), categories=("self-discovery",))
    client = client_for("centre_manager")
    page = client.get(reverse("students:review-code", args=[review.pk])).content.decode()
    assert "Change the outcome categories" in page and page.count("checked") == 1
    response = client.post(
        reverse("students:review-code", args=[review.pk]), _ticks("employment", prefix=f"review-{review.pk}")
    )
    assert response["Location"] == reverse("students:student-detail", args=[review.student.pk])
    assert [c.code for c in review.categories.all()] == ["employment"]


def test_a_retired_category_is_not_offered_but_stays_on_a_review_that_has_it(client_for):
    from warp.students.models import OutcomeCategory

    review = make_review(make_student(), categories=("employment",))
    OutcomeCategory.objects.filter(code="employment").update(is_active=False)
    client = client_for("admissions_tutor")
    assert (
        "Employment / voluntary work"
        in client.get(reverse("students:review-code", args=[review.pk])).content.decode()
    )
    make_review(make_student())
    assert "Employment / voluntary work" not in client.get(reverse("students:review-coding")).content.decode()


def test_reviews_to_code_is_in_the_menu_for_tutors_and_managers_only(client_for):
    for role, shown in [("admissions_tutor", True), ("centre_manager", True), ("peer_trainer", False)]:
        page = client_for(role).get(reverse("accounts:profile")).content.decode()
        assert ("Reviews to code" in page) is shown, role
