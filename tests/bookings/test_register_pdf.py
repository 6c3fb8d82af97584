"""The printable register and sign-in sheet (PDF by WeasyPrint), for the run's trainers and managers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.audit.models import AuditEntry
from warp.bookings.documents import register_html
from warp.bookings.queries import register_rows
from warp.bookings.services import booking_create
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


def _session(personas, students):
    run = make_run(session_days=[7], trainers=[personas["peer_trainer"]])
    for student in students:
        booking_create(student=student, course_run=run, by=None)
    session = run.sessions.get()
    session.date = timezone.localdate() + timedelta(days=1)
    session.save()
    return session


def test_the_printed_register_is_a_pdf_and_each_student_named_is_audited(
    personas, client_for, django_assert_max_num_queries
):
    students = [make_student() for _ in range(3)]
    session = _session(personas, students)
    client = client_for("peer_trainer")
    # session + user, the session (with run, course, venue), the booked students with marks and shared
    # needs, the audit entries (one insert), the trainers
    with django_assert_max_num_queries(6):
        response = client.get(reverse("bookings:register-pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    entries = AuditEntry.objects.filter(note="Printed register", object_id=str(session.pk))
    assert sorted(entries.values_list("student_id", flat=True)) == sorted(s.pk for s in students)


def test_the_sheet_lists_every_booked_student_with_shared_needs_only(personas):
    robin, kit = make_student(first_name="Robin"), make_student(first_name="Kit")
    learning_plan_agree(
        student=robin,
        agreed_by=personas["admissions_tutor"],
        hopes_and_goals="To learn.",
        support_needs="Large print handouts, please.",
        support_needs_shared_with_trainers=True,
    )
    learning_plan_agree(
        student=kit,
        agreed_by=personas["admissions_tutor"],
        hopes_and_goals="To learn.",
        support_needs="Private.",
    )
    session = _session(personas, [robin, kit])
    html = register_html(
        session=session, rows=register_rows(session), trainers=list(session.course_run.run_trainers.all())
    )
    assert html.count(robin.full_name) == 2 and html.count(kit.full_name) == 2  # register and sign-in sheet
    assert "Large print handouts, please." in html
    assert "Private." not in html
    assert "Sign-in sheet" in html
