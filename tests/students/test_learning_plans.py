from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_student
from warp.students.models import LearningPlan, Student, StudentStatus
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


def test_agreeing_a_learning_plan_makes_the_student_active(personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    assert not student.is_active_student
    plan = learning_plan_agree(
        student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Feel confident in groups"
    )
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE
    assert plan.agreed_by == personas["admissions_tutor"]


def test_agreeing_again_updates_the_one_plan(personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="First")
    learning_plan_agree(student=student, agreed_by=personas["centre_manager"], hopes_and_goals="Second")
    plan = LearningPlan.objects.get(student=student)
    assert (plan.hopes_and_goals, plan.agreed_by) == ("Second", personas["centre_manager"])


def test_a_review_date_in_the_past_is_refused(personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    with pytest.raises(ValidationError):
        learning_plan_agree(
            student=student,
            agreed_by=personas["admissions_tutor"],
            hopes_and_goals="x",
            review_date=date(2020, 1, 1),
            today=date(2026, 1, 1),
        )
    student.refresh_from_db()
    assert student.status == StudentStatus.AWAITING_PLAN


def test_learning_plan_page_agrees_the_plan(client_for):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client = client_for("admissions_tutor")
    review = (date.today() + timedelta(days=90)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("students:learning-plan", args=[student.pk]),
        {"hopes_and_goals": "Understand my anxiety", "strengths": "Curious", "review_date": review},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE
    assert student.learning_plan.strengths == "Curious"


def test_learning_plan_page_needs_hopes_and_goals_and_keeps_the_rest(client_for):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    response = client_for("admissions_tutor").post(
        reverse("students:learning-plan", args=[student.pk]),
        {"hopes_and_goals": "", "strengths": "Kind to others"},
    )
    page = response.content.decode()
    assert "Write down their hopes and goals" in page and "Kind to others" in page
    assert not LearningPlan.objects.exists()


def _register_on(day: date, n: int) -> Student:
    return make_student(status=StudentStatus.AWAITING_PLAN, first_name=f"Wait{n}", today=day)


def test_waiting_list_shows_the_longest_waiting_first(client_for, personas):
    newest = _register_on(date(2026, 3, 1), 1)
    oldest = _register_on(date(2025, 11, 1), 2)
    middle = _register_on(date(2026, 1, 1), 3)
    agreed = _register_on(date(2025, 10, 1), 4)
    learning_plan_agree(student=agreed, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
    page = client_for("admissions_tutor").get(reverse("students:waiting-list")).content.decode()
    positions = [page.index(s.full_name) for s in (oldest, middle, newest)]
    assert positions == sorted(positions)
    assert agreed.full_name not in page


def test_imported_historic_students_are_not_on_the_waiting_list():
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    Student.objects.filter(pk=student.pk).update(is_historic=True)
    assert list(Student.objects.awaiting_plan()) == []


@pytest.mark.parametrize("how_many", [3, 30])
def test_waiting_list_query_count_does_not_grow_with_rows(
    client_for, django_assert_max_num_queries, how_many
):
    for n in range(how_many):
        _register_on(date(2026, 1, 1) + timedelta(days=n), n)
    client = client_for("admissions_tutor")
    # session, user, count for the paginator, the page of students, one insert of the view entries
    with django_assert_max_num_queries(5):
        response = client.get(reverse("students:waiting-list"))
    assert response.content.decode().count("Agree a plan") == how_many


def test_waiting_since_counts_from_the_time_of_registration_not_midnight(client_for):
    from django.utils import timezone

    student = make_student(status=StudentStatus.AWAITING_PLAN, first_name="Tamsin")
    registered = timezone.now() - timedelta(hours=2, minutes=5)
    Student.objects.filter(pk=student.pk).update(
        created_at=registered, registered_on=timezone.localtime(registered).date()
    )
    page = client_for("admissions_tutor").get(reverse("students:waiting-list")).content.decode()
    assert student.full_name in page
    assert "(2\xa0hours, 5\xa0minutes ago)" in page or "(2\xa0hours, 4\xa0minutes ago)" in page


def test_a_student_who_leaves_cannot_book_and_comes_back_active_with_their_plan(client_for, personas):
    from tests.factories import make_run
    from warp.audit.models import AuditEntry
    from warp.bookings.services import BookingRefused, booking_create

    student = make_student()  # active: a plan agreed
    client = client_for("admissions_tutor")
    response = client.post(reverse("students:student-status", args=[student.pk, "left"]), follow=True)
    assert "is recorded as having left the centre" in response.content.decode()
    student.refresh_from_db()
    assert student.status == StudentStatus.LEFT
    with pytest.raises(BookingRefused):
        booking_create(student=student, course_run=make_run(), by=None)
    page = client.post(reverse("students:student-status", args=[student.pk, "back"]), follow=True)
    assert "Welcome back" in page.content.decode()
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE
    notes = list(
        AuditEntry.objects.filter(student_id=student.pk, action="change").values_list("note", flat=True)
    )
    assert "Left the centre" in notes and "Came back to the centre" in notes


def test_a_student_without_a_plan_comes_back_waiting_for_one(personas):
    from warp.students.services import student_leave, student_return

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    student_leave(student=student, by=personas["admissions_tutor"])
    student_return(student=student, by=personas["admissions_tutor"])
    assert student.status == StudentStatus.AWAITING_PLAN


def test_leaving_is_refused_while_they_are_booked_on_a_course_still_to_come(client_for, personas):
    from tests.factories import book, make_run

    student = make_student()
    book(student, make_run(session_days=[7]))
    page = (
        client_for("admissions_tutor")
        .post(reverse("students:student-status", args=[student.pk, "left"]), follow=True)
        .content.decode()
    )
    assert "still has 1 upcoming booking" in page and "Cancel them from their bookings page first" in page
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE


def test_contact_notes_show_on_the_waiting_list_with_the_meeting_date(client_for, personas):
    from warp.students.services import plan_contact_record

    student = make_student(first_name="Wren", status=StudentStatus.AWAITING_PLAN)
    tutor = personas["admissions_tutor"]
    meeting = date.today() + timedelta(days=9)
    plan_contact_record(student=student, by=tutor, note="Phoned, left a message.")
    plan_contact_record(student=student, by=tutor, note="Meeting booked.", appointment_on=meeting)
    plan_contact_record(student=student, by=tutor, note="Sent a reminder text.")
    page = client_for("admissions_tutor").get(reverse("students:waiting-list")).content.decode()
    assert "Sent a reminder text." in page and "Phoned, left a message." not in page  # the latest only
    assert f"Meeting {meeting.day} {meeting:%b %Y}" in page


def test_a_contact_note_is_kept_from_the_form_and_bad_input_keeps_what_was_typed(client_for):
    from warp.students.models import PlanContact

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client = client_for("admissions_tutor")
    url = reverse("students:plan-contacts", args=[student.pk])
    past = (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    page = client.post(url, {"note": "Meeting booked.", "appointment_on": past}).content.decode()
    assert "The meeting&#x27;s date is in the past" in page and "Meeting booked." in page
    assert not PlanContact.objects.exists()
    response = client.post(url, {"note": "Phoned, no answer."})
    assert response.status_code == 302
    assert PlanContact.objects.get().note == "Phoned, no answer."
    assert "Phoned, no answer." in client.get(url).content.decode()


def test_contact_notes_are_only_for_students_still_waiting(personas):
    from warp.students.services import plan_contact_record

    with pytest.raises(ValidationError, match="still waiting"):
        plan_contact_record(student=make_student(), by=personas["admissions_tutor"], note="Hello")


def test_contact_notes_are_in_the_bundle_and_go_with_erasure(personas):
    from warp.privacy.bundle import build_bundle
    from warp.privacy.services import student_erase
    from warp.students.models import PlanContact
    from warp.students.services import plan_contact_record

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    plan_contact_record(student=student, by=personas["admissions_tutor"], note="Phoned, left a message.")
    assert "Phoned, left a message." in str(build_bundle(student))
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    assert not PlanContact.objects.exists()


def test_the_contact_notes_page_makes_the_same_queries_however_many_notes(client_for, personas):
    from tests.downloads import queries_for
    from warp.students.services import plan_contact_record

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client = client_for("admissions_tutor")
    url = reverse("students:plan-contacts", args=[student.pk])
    counts = []
    for _ in range(2):
        for _ in range(3):
            plan_contact_record(student=student, by=personas["admissions_tutor"], note="Phoned.")
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]
