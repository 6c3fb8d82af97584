import json
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_student
from tests.privacy.factories import full_student
from warp.audit.models import AuditEntry
from warp.privacy.bundle import build_bundle
from warp.privacy.coverage import COVERED
from warp.privacy.models import RequestState, one_month_after
from warp.privacy.services import subject_request_create, subject_request_decide

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2026, 5, 10), date(2026, 6, 10)),
    ],
)
def test_a_request_is_due_one_calendar_month_after_it_arrived(received, due):
    assert one_month_after(received) == due


def test_the_bundle_holds_every_part_of_the_record_and_who_saw_it(personas, client_for):
    student, _ = full_student(personas, account_password="a-long-test-password-2")
    client_for("centre_manager").get(reverse("students:student-detail", args=[student.pk]))
    bundle = build_bundle(student)
    assert bundle["student"]["phone"] == "07700 900111"
    assert bundle["account"]["email"] == student.email
    assert set(bundle["sections"]) == set(COVERED) - {"students.Student"}
    assert bundle["sections"]["students.LearningPlan"][0]["hopes_and_goals"] == "Private hopes"
    assert len(bundle["sections"]["bookings.Booking"]) == 2
    assert len(bundle["sections"]["bookings.Attendance"]) == 2
    assert bundle["sections"]["students.ConsentRecord"]
    assert "token" not in bundle["sections"]["bookings.CalendarFeed"][0]
    assert any(entry["role"] == "centre_manager" for entry in bundle["audit"])


@pytest.mark.parametrize("bookings", [1, 3])
def test_bundle_query_count_does_not_grow_with_rows(bookings, personas, django_assert_max_num_queries):
    from tests.factories import make_run
    from warp.bookings.services import booking_create

    student, _ = full_student(personas)
    for _ in range(bookings):
        booking_create(student=student, course_run=make_run(), by=None)
    # one query per covered model (12), the student, their account, identities, audit entries
    with django_assert_max_num_queries(len(COVERED) - 1 + 4):
        build_bundle(student)


def test_the_bundle_downloads_as_json_and_pdf_and_is_audited(personas, client_for):
    student, _ = full_student(personas)
    client = client_for("administrator")
    response = client.get(reverse("privacy:bundle-json", args=[student.pk]))
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["student"]["registration_number"] == student.registration_number
    pdf = client.get(reverse("privacy:bundle-pdf", args=[student.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(student_id=student.pk, action="export").count() == 2


def test_an_erasure_request_granted_erases_and_records_the_basis(personas, client_for):
    student = make_student(first_name="Nadia")
    request = subject_request_create(
        student=student, kind="erasure", received_on=date(2026, 1, 31), by=personas["administrator"]
    )
    assert request.due_on == date(2026, 2, 28)
    client = client_for("administrator")
    url = reverse("privacy:request-detail", args=[request.pk])
    refused = client.post(url, {"state": "done", "decision": "Erased", "basis": "Art 17(1)(b)"})
    assert "Tick the box" in refused.content.decode()
    client.post(
        url, {"state": "done", "decision": "Erased", "basis": "Art 17(1)(b)", "confirm_erasure": "on"}
    )
    request.refresh_from_db()
    student.refresh_from_db()
    assert (request.state, request.basis, request.handled_by) == (
        "done",
        "Art 17(1)(b)",
        personas["administrator"],
    )
    assert student.first_name == "Erased"


def test_a_centre_manager_sees_a_request_but_cannot_decide_it(personas, client_for):
    student = make_student()
    request = subject_request_create(
        student=student, kind="restriction", received_on=date(2026, 3, 1), by=personas["administrator"]
    )
    client = client_for("centre_manager")
    url = reverse("privacy:request-detail", args=[request.pk])
    assert "Record the decision" not in client.get(url).content.decode()
    assert client.post(url, {"state": "done", "decision": "x", "basis": "y"}).status_code == 404
    request.refresh_from_db()
    assert request.state == RequestState.OPEN


def test_a_granted_restriction_request_restricts_the_record(personas):
    student = make_student()
    request = subject_request_create(
        student=student, kind="restriction", received_on=date(2026, 3, 1), by=personas["administrator"]
    )
    subject_request_decide(
        request=request, by=personas["administrator"], state="done", decision="ok", basis="Art 18"
    )
    assert hasattr(type(student).objects.get(pk=student.pk), "processing_restriction")


@pytest.mark.parametrize("how_many", [3, 30])
def test_request_list_query_count_does_not_grow(
    how_many, personas, client_for, django_assert_max_num_queries
):
    for _ in range(how_many):
        subject_request_create(
            student=make_student(), kind="access", received_on=date(2026, 3, 1), by=personas["administrator"]
        )
    client = client_for("administrator")
    # session, user, count for the paginator, the page of requests with students and handlers
    with django_assert_max_num_queries(4):
        response = client.get(reverse("privacy:request-list"))
    assert response.content.decode().count("Access (a copy") == how_many


def test_the_readable_bundle_uses_labels_staff_names_and_choices_in_words_without_internal_fields(
    personas, client_for
):
    import re

    from warp.privacy.bundle import bundle_html

    student, booking = full_student(personas, gender="woman", contact_method="phone")
    client_for("centre_manager").get(reverse("students:student-detail", args=[student.pk]))
    html = bundle_html(build_bundle(student))
    cells = dict(re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', html))
    tutor = personas["admissions_tutor"].get_full_name()
    assert cells["Gender"] == "Woman" and cells["Contact method"] == "Phone call"
    assert cells["Agreed to us keeping your details"] == "Yes"
    assert cells["Agreed by"] == tutor  # the learning plan's, by name
    assert cells["Status"] in {"Booked", "Cancelled"}
    assert cells["Course run"] == f"{booking.course_run.course.title} ({booking.course_run.term.name})"
    labels = {label.lower() for label in cells}
    assert not labels & {"id", "student", "student id", "booking", "user", "import key", "updated at"}
    assert not any("_" in label for label in labels)
    assert "Viewed the student record" in html and "Centre manager" in html
    assert "centre_manager" not in html and "students.Student" not in html


@pytest.mark.parametrize("bookings", [1, 3])
def test_the_readable_bundle_query_count_does_not_grow_with_rows(
    bookings, personas, django_assert_max_num_queries
):
    from tests.factories import make_run
    from warp.bookings.services import booking_create
    from warp.privacy.bundle import readable_bundle

    student, _ = full_student(personas)
    for _ in range(bookings):
        booking_create(student=student, course_run=make_run(), by=personas["admissions_tutor"])
    bundle = build_bundle(student)
    # one per kind of linked record: staff accounts, course runs (with course and term), sessions, questions
    with django_assert_max_num_queries(4):
        readable_bundle(bundle)
