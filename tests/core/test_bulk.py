from datetime import date

import pytest
from django.db import transaction

from tests.factories import make_student
from warp.core.bulk import insert_rows, reserve_ids
from warp.students.models import Student

COLUMNS = ["id", "registration_number", "first_name", "last_name", "date_of_birth", "registered_on"]


def _insert(ids: list[int]) -> None:
    insert_rows(
        Student, COLUMNS, [(pk, f"OLD-{pk}", "Ana", f"Moss{pk}", None, date(2013, 1, 15)) for pk in ids]
    )


@pytest.mark.django_db
def test_reserved_ids_once_inserted_are_never_handed_out_again():
    with transaction.atomic():
        first = reserve_ids(Student, 3)
        _insert(first)
        second = reserve_ids(Student, 2)
        _insert(second)
    later = make_student(first_name="Later", last_name="One")
    assert first == sorted(first) and len(set(first + second)) == 5
    assert later.pk > max(first + second)


@pytest.mark.django_db
def test_the_id_of_a_deleted_student_is_never_reserved_for_someone_new():
    gone = make_student(first_name="Gone", last_name="Away")
    Student.objects.filter(pk=gone.pk).delete()
    with transaction.atomic():
        [pk] = reserve_ids(Student, 1)
    assert pk > gone.pk


@pytest.mark.django_db
def test_inserted_rows_take_the_defaults_of_the_columns_not_given():
    with transaction.atomic():
        [pk] = reserve_ids(Student, 1)
        inserted = insert_rows(
            Student,
            ["id", "registration_number", "first_name", "last_name", "date_of_birth", "registered_on"],
            [(pk, "OLD-1", "Ana", "Moss", date(1970, 2, 3), date(2013, 1, 15))],
        )
    ana = Student.objects.get(pk=pk)
    assert inserted == 1
    assert (ana.date_of_birth, ana.registered_on) == (date(1970, 2, 3), date(2013, 1, 15))
    assert (ana.contact_method, ana.status, ana.is_historic, ana.email) == (
        "email",
        "awaiting_plan",
        False,
        "",
    )
    assert ana.created_at is not None and ana.updated_at is not None


def test_bulk_writes_refuse_to_run_outside_a_transaction():
    # No database access at all: the check comes before any query.
    with pytest.raises(RuntimeError, match="atomic"):
        reserve_ids(Student, 1)
    with pytest.raises(RuntimeError, match="atomic"):
        insert_rows(Student, ["first_name"], [])
