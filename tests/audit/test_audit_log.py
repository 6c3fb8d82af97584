import re

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_student
from warp import audit
from warp.audit.models import AuditEntry
from warp.audit.services import coarse_ip
from warp.students.models import StudentStatus
from warp.students.services import learning_plan_agree, student_update

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_their_role_what_and_a_coarse_address(personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Firefox")
    request.user = personas["admissions_tutor"]
    entry = audit.record(request=request, action="view", obj=student)
    assert entry.user == personas["admissions_tutor"]
    assert entry.role == "admissions_tutor"
    assert entry.user_name == "Admissions Tutor Example"
    assert (entry.model, entry.object_id, entry.student_id) == (
        "students.Student",
        str(student.pk),
        student.pk,
    )
    assert entry.ip_address == "203.0.113.0/24"
    assert entry.user_agent == "Firefox"
    assert entry.at.utcoffset().total_seconds() == 0


def test_addresses_are_kept_only_to_their_network():
    assert coarse_ip("198.51.100.200") == "198.51.100.0/24"
    assert coarse_ip("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert coarse_ip("not an address") == ""


def test_an_entry_cannot_be_changed_or_deleted(personas):
    entry = audit.record(user=personas["administrator"], action="view", model="students.Student", object_id=1)
    entry.note = "tampered"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(note="tampered")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_the_admin_offers_no_add_change_or_delete(personas):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = personas["administrator"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_viewing_a_student_record_is_logged_with_the_viewer(client_for):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk]))
    entry = AuditEntry.objects.get(student_id=student.pk, action="view")
    assert entry.role == "admissions_tutor"


def test_a_change_names_the_fields_but_never_the_values(personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN, phone="01234 000000")
    student_update(student=student, updated_by=personas["admissions_tutor"], phone="07700 900123")
    entry = AuditEntry.objects.get(student_id=student.pk, action="change")
    assert entry.note == "Changed: phone"
    assert "07700" not in entry.note and "01234" not in entry.note


def test_agreeing_a_learning_plan_is_logged(personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    plan = learning_plan_agree(
        student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Secret"
    )
    entry = AuditEntry.objects.get(model="students.LearningPlan")
    assert (entry.object_id, entry.student_id, entry.action) == (str(plan.pk), student.pk, "create")
    assert "Secret" not in entry.note


def test_the_record_page_shows_who_has_looked_at_it(client_for, personas):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client_for("centre_manager").get(reverse("students:student-detail", args=[student.pk]))
    page = client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk]))
    html = page.content.decode()
    assert "Who has looked at this record" in html
    assert "Centre Manager Example" in html


@pytest.mark.parametrize("views", [3, 30])
def test_student_record_query_count_does_not_grow_with_audit_entries(
    views, client_for, personas, django_assert_max_num_queries
):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    for _ in range(views):
        audit.record(user=personas["centre_manager"], action="view", obj=student)
    client = client_for("admissions_tutor")
    # session, user, the student with their plan and restriction, their identities, this view's audit
    # entry, the latest ten entries (this view's and the nine before it), their reviews
    with django_assert_max_num_queries(7):
        response = client.get(reverse("students:student-detail", args=[student.pk]))
    assert response.content.decode().count("Centre Manager Example") == min(
        views, 9
    )  # the newest of the ten is this very view


def test_coding_screen_and_review_records_are_audited(personas, client_for):
    from datetime import date

    from tests.factories import make_review, make_student

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    review = make_review(student, changes="I speak up more at home.", review_date=date(2026, 1, 5))
    assert AuditEntry.objects.filter(
        action="create", student_id=student.pk, model="students.LearningPlanReview"
    ).exists()
    client = client_for("admissions_tutor")
    client.get(reverse("students:review-coding"))
    client.get(reverse("students:review-code", args=[review.pk]))
    seen = AuditEntry.objects.filter(action="view", student_id=student.pk, user=personas["admissions_tutor"])
    assert seen.count() == 2


def test_many_entries_at_once_keep_every_field_with_or_without_a_user(personas):
    from warp.audit.services import record_many

    tutor = personas["admissions_tutor"]
    assert (
        record_many(
            action="view",
            model="prospectus.Session",
            student_ids=[3, 1, 2],
            user=tutor,
            object_id=9,
            note="Register",
        )
        == 3
    )
    assert record_many(action="export", model="students.Student", student_ids=[4], note="") == 1
    rows = list(AuditEntry.objects.order_by("pk").values())
    assert [r["student_id"] for r in rows] == [3, 1, 2, 4]
    first, last = rows[0], rows[-1]
    assert (first["user_id"], first["user_name"], first["role"], first["action"]) == (
        tutor.pk,
        tutor.get_full_name() or tutor.email,
        tutor.role,
        "view",
    )
    assert (first["model"], first["object_id"], first["note"]) == ("prospectus.Session", "9", "Register")
    assert first["at"] is not None and first["at"] == rows[1]["at"]
    assert (last["user_id"], last["user_name"], last["role"], last["object_id"]) == (None, "", "", "")


def test_who_has_looked_rows_give_the_local_time_name_action_and_escaped_note(client_for, personas):
    from django.utils import dateformat, timezone

    from warp import audit

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    audit.record(action="change", obj=student, note="<b>Phone</b> & email")  # no request: "the system"
    client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk]))
    html = client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk])).content
    html = html.decode()
    change = AuditEntry.objects.get(student_id=student.pk, action="change")
    when = dateformat.format(timezone.localtime(change.at), "j M Y H:i")  # what |date:"j M Y H:i" gives
    assert (
        f'<th scope="row" class="nhsuk-table__cell">{when}</th>\n'
        '      <td class="nhsuk-table__cell">the system</td>\n'
        '      <td class="nhsuk-table__cell">Changed the student record of '
        f"{student.registration_number} (&lt;b&gt;Phone&lt;/b&gt; &amp; email)</td>"
    ) in html
    assert html.count(f"Viewed the student record of {student.registration_number}</td>") == 2
    assert "<b>Phone" not in html


def test_the_audit_log_has_one_index_by_user_the_one_with_the_time():
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_auditentry")
    by_user = [
        name for name, info in constraints.items() if info["index"] and info["columns"][:1] == ["user_id"]
    ]
    assert by_user == ["audit_user_at"]


def test_who_has_looked_lists_this_view_then_the_nine_before_it_newest_first(client_for, personas):
    from datetime import timedelta

    from django.utils import timezone

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    start = timezone.now() - timedelta(days=1)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=start + timedelta(minutes=n),
                action="change",
                model="students.Student",
                student_id=student.pk,
                note=f"note {n:02d}",
            )
            for n in range(12)
        ]
        # two at the same moment: the later written is the newer
        + [
            AuditEntry(
                at=start + timedelta(minutes=30),
                action="change",
                model="students.Student",
                student_id=student.pk,
                note=f"tie {n}",
            )
            for n in range(2)
        ]
    )
    html = client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk])).content
    notes = re.findall(r"Changed the student record of REC-\d+ \((.*?)\)</td>", html.decode())
    assert notes == [
        "tie 1",
        "tie 0",
        "note 11",
        "note 10",
        "note 09",
        "note 08",
        "note 07",
        "note 06",
    ]  # and, newest of the nine before this view, her registration
    first_row = html.decode().split('<tbody class="nhsuk-table__body">')[-1]
    assert first_row.index("Viewed the student record of") < first_row.index("tie 1")
