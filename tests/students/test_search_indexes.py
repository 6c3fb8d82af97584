"""Migrations 0007_search_indexes and 0008_postcode_prefix_index give each database the indexes its student
search needs."""

import pytest
from django.db import connection

from warp.students.models import Student

pytestmark = pytest.mark.django_db


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, "students_student").items()
            if info["index"]
        }


def test_the_student_search_has_its_indexes_on_this_database():
    names = _index_names()
    if connection.vendor == "postgresql":
        wanted = {f"student_{c}_trgm" for c in ("first_name", "last_name", "email")}
        wanted |= {"student_number_upper", "student_postcode_upper"}
        assert "student_postcode_trgm" not in names  # postcodes match from the start: the B-tree serves it
    else:
        wanted = {
            f"student_{c}_nocase"
            for c in ("first_name", "last_name", "email", "postcode", "registration_number")
        }
    assert wanted <= names


def test_the_search_plan_uses_the_indexes_rather_than_reading_every_student():
    if connection.vendor == "postgresql":
        # A table this small is cheaper to read whole, so ask the planner to use an index if it can.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Student.objects.search("hardy").explain()
        assert "Seq Scan" not in plan
        assert "student_last_name_trgm" in plan and "student_number_upper" in plan
        assert "student_postcode_upper" in plan
    else:
        plan = Student.objects.search("hardy").explain()
        assert "MULTI-INDEX OR" in plan and "student_last_name_nocase" in plan


def test_the_trigram_indexes_keep_a_short_pending_list_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no GIN indexes")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [["student_first_name_trgm", "student_last_name_trgm", "student_email_trgm"]],
        )
        options = dict(cursor.fetchall())
    assert len(options) == 3
    assert all("gin_pending_list_limit=256" in (opts or []) for opts in options.values())
