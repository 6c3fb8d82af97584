from collections import Counter

import pytest
from django.db import transaction

from warp.demo import DEMO_PASSWORD, build
from warp.students.models import Student, StudentStatus

pytestmark = pytest.mark.django_db


def test_demo_builds_hundreds_of_varied_students_with_sam_ready_to_book():
    ctx = build()
    students = Student.objects.prefetch_related("identities")
    assert students.count() == len(ctx.store["students"]) == 400
    assert Student.objects.awaiting_plan().count() == 25
    assert Student.objects.filter(status=StudentStatus.ACTIVE, learning_plan__isnull=False).count() == 375
    identity_counts = Counter(len(s.identities.all()) for s in students)
    assert identity_counts[0] > 5 and identity_counts[2] > 5
    assert Student.objects.filter(date_of_birth=None, confirmed_over_18=True).exists()
    assert len({s.postcode.split()[0] for s in students}) > 20
    sam = Student.objects.get(email="sam.student@example.org")
    assert sam.full_name == "Sam Rivers" and sam.is_active_student
    assert sam.user.check_password(DEMO_PASSWORD)
    assert sam.learning_plan.agreed_by.email == "tutor@example.org"


def test_demo_students_are_the_same_every_time():
    with transaction.atomic():
        first = build()
        names = [(s.first_name, s.last_name, s.date_of_birth, s.postcode) for s in first.store["students"]]
        transaction.set_rollback(True)
    second = build()
    assert [
        (s.first_name, s.last_name, s.date_of_birth, s.postcode) for s in second.store["students"]
    ] == names
