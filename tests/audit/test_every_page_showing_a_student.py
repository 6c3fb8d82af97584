"""Every page that shows a student's details to someone else, staff page or Django admin, writes an audit
entry for that student: the walk below opens every staff URL in the role-by-URL table as every role it lets
in, and every admin page (list, search, change page, history), and counts the entries for each student whose
name or email the page shows."""

from datetime import date

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import make_review
from tests.personas import sign_in_fully
from tests.test_url_access import FORM, READS, ROUTES, _client_for, build_world
from tests.url_access import OK
from warp.audit.models import AuditEntry
from warp.students.models import Student

pytestmark = pytest.mark.django_db

STAFF = ["admissions_tutor", "peer_trainer", "professional_trainer", "centre_manager", "team_lead"]
STAFF += ["partnership_lead", "commissioner", "administrator"]


def _shown(page: str, students: list[Student]) -> set[int]:
    return {
        s.pk
        for s in students
        if s.full_name in page or f"{s.last_name}, {s.first_name}" in page or (s.email and s.email in page)
    }


def _unaudited(client: Client, url: str, students: list[Student]) -> tuple[set[int], set[int]]:
    """The students the page shows, and those of them who got no view entry from this request."""
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    shown = _shown(response.content.decode(errors="replace"), students)
    logged = set(
        AuditEntry.objects.filter(
            pk__gt=before, action__in=["view", "export"], student_id__in=shown
        ).values_list("student_id", flat=True)
    )
    return shown, shown - logged


def test_every_staff_page_that_shows_a_student_writes_an_audit_entry_for_them(personas):
    world = build_world(personas)
    students = list(Student.objects.all())
    clients = {}
    wrong, walked = [], 0
    for name, entry in sorted(ROUTES.items()):
        if entry.methods not in (READS, FORM):
            continue
        url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None) + entry.query
        for role in STAFF:
            if entry.expect.get(role) != OK:
                continue
            key = (role, entry.token)  # the API's routes are asked with a bearer token made for the role
            if key not in clients:
                clients[key] = _client_for(entry, role, personas[role])
            shown, missing = _unaudited(clients[key], url, students)
            walked += bool(shown)
            if missing:
                wrong.append(f"{url} as {role}: no view entry for student(s) {sorted(missing)}")
    assert walked > 20  # pages that showed a student
    assert not wrong, "\n".join(wrong)


def test_every_admin_page_that_shows_a_student_writes_an_audit_entry_for_them(personas):
    world = build_world(personas)
    sam = world["sam"]
    make_review(sam, held_by=personas["admissions_tutor"], review_date=date(2024, 5, 1))
    students = list(Student.objects.all())
    client = sign_in_fully(Client(), personas["administrator"])
    wrong, walked_records = [], 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        urls = [changelist]
        if model_admin.search_fields:
            # Parts of a name and an email, so the search box echoing them is not taken for a result.
            urls += [f"{changelist}?q=Rivers", f"{changelist}?q=sam.student"]
        for obj in model._default_manager.all()[:5]:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
            urls += [change, history]
        for url in urls:
            shown, missing = _unaudited(client, url, students)
            if missing:
                wrong.append(f"{url}: no view entry for student(s) {sorted(missing)}")
            walked_records += "/change/" in url and sam.pk in shown
    assert walked_records >= 3  # Sam's record, plan and review at least
    assert not wrong, "\n".join(wrong)


def test_searching_students_in_the_admin_is_logged_without_the_search_words(personas):
    sam = build_world(personas)["sam"]
    client = sign_in_fully(Client(), personas["administrator"])
    client.get(reverse("admin:students_student_changelist") + "?q=Rivers")
    entry = AuditEntry.objects.get(action="view", model="students.Student", student_id=sam.pk)
    assert (entry.note, entry.role) == ("Admin search results", "administrator")
    assert "Rivers" not in entry.note
