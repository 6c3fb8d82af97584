"""Factories make only states the services allow: test data is built through the services (tests/factories.py),
so a test never starts from a state a centre could not reach."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

from tests import factories
from tests.prospectus import factories as prospectus_factories
from warp.accounts.models import TrainerKind
from warp.bookings.models import Booking, BookingStatus
from warp.prospectus.models import RunStatus
from warp.prospectus.services import course_run_publish_problems
from warp.students.models import StudentStatus

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# Rows a test makes itself although a service makes that model, and why no service can.
ALLOWED = {
    **{
        ("tests/test_migrations.py", model): "rows in an old schema, made with the migration state's models"
        for model in ("Team", "CareAssessment", "CareRating", "Participant")
    },
    ("tests/test_migrations.py", "Term"): "rows in an old schema, made with the migration state's models",
    ("tests/test_migrations.py", "Course"): "rows in an old schema, made with the migration state's models",
    (
        "tests/test_migrations.py",
        "CourseRun",
    ): "rows in an old schema, made with the migration state's models",
    (
        "tests/test_migrations.py",
        "CourseRunTrainer",
    ): "rows in an old schema, made with the migration state's models",
    ("tests/prospectus/test_course_themes.py", "Course"): "courses as they stood before a data migration",
    (
        "tests/feedback/test_portal.py",
        "FeedbackResponse",
    ): "checks the database refuses what the service does",
    ("tests/audit/test_audit_log.py", "AuditEntry"): "entries at chosen past times; audit.record stamps now",
    (
        "tests/privacy/test_retention.py",
        "AuditEntry",
    ): "entries at chosen past times; audit.record stamps now",
}

DIRECT = re.compile(r"\b([A-Z]\w*)\.objects\.(?:create|bulk_create|get_or_create|update_or_create)\(")


def models_a_service_makes() -> set[str]:
    """The WaRP models some warp/<app>/services.py makes (constructs, or creates through its manager)."""
    ours = {model.__name__ for model in apps.get_models() if model.__module__.startswith("warp.")}
    made = set()
    for path in (ROOT / "warp").glob("*/services.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in ours:
                    made.add(func.id)
                elif (
                    isinstance(func, ast.Attribute)
                    and func.attr in {"create", "bulk_create", "get_or_create", "update_or_create"}
                    and isinstance(func.value, ast.Attribute)
                    and func.value.attr == "objects"
                    and isinstance(func.value.value, ast.Name)
                    and func.value.value.id in ours
                ):
                    made.add(func.value.value.id)
    return made


def direct_creations(root: Path = TESTS, *, allowed=ALLOWED) -> list[tuple[str, int, str]]:
    """(file, line, model) for each row a test module makes with the model's manager, not its service."""
    made = models_a_service_makes()
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for model in DIRECT.findall(line):
                if model in made and (relative, model) not in allowed:
                    found.append((relative, number, model))
    return found


def test_the_check_knows_the_models_the_services_make():
    made = models_a_service_makes()
    assert {
        "Term",
        "Venue",
        "Course",
        "CourseRun",
        "CourseRunTrainer",
        "Session",
        "Student",
        "Booking",
    } <= made
    assert "Identity" not in made  # reference data, edited in the admin


def test_no_test_module_makes_rows_the_services_own_directly():
    assert direct_creations() == [], (
        "Make these through the services (tests/factories.py), or add the file to ALLOWED with the reason "
        "no service can reach that state."
    )


def test_every_allowed_direct_creation_is_still_there():
    """An entry in ALLOWED whose row has gone (made through a service now) is taken off the list."""
    still_there = {(relative, model) for relative, _, model in direct_creations(allowed={})}
    assert set(ALLOWED) <= still_there, set(ALLOWED) - still_there


def test_the_check_catches_a_factory_that_creates_rows_itself(tmp_path):
    (tmp_path / "factories.py").write_text(
        "from warp.prospectus.models import CourseRun\n\n"
        "def make_run(**fields):\n"
        "    return CourseRun.objects"
        ".create(**fields)\n"  # split, so this file itself passes the check
    )
    found = direct_creations(tmp_path)
    assert [(number, model) for _, number, model in found] == [(4, "CourseRun")]


@pytest.mark.django_db
def test_factories_make_only_states_the_services_allow(personas):
    runs = [
        factories.make_run(),
        factories.make_run(trainers=[personas["peer_trainer"]]),  # a professional trainer is added
        factories.make_run(trainers=[personas["professional_trainer"]], online=True),
        factories.make_finished_run(),
        prospectus_factories.run(),
        prospectus_factories.run(trainers=(TrainerKind.PROFESSIONAL,)),
    ]
    for run in runs:
        run.refresh_from_db()
        assert run.status == RunStatus.PUBLISHED
        assert course_run_publish_problems(run) == []  # a peer and a professional trainer, and sessions
        for session in run.sessions.all():
            assert run.term.starts_on <= session.date <= run.term.ends_on

    student = factories.make_student()
    assert student.status == StudentStatus.ACTIVE and student.learning_plan.agreed_by is not None
    assert factories.make_student(status=StudentStatus.AWAITING_PLAN).is_active_student is False
    assert factories.make_student(status=StudentStatus.LEFT).status == StudentStatus.LEFT  # student_leave

    run = factories.make_run(places=2)
    for status in [
        BookingStatus.BOOKED,
        BookingStatus.WAITING,
        BookingStatus.OFFERED,
        BookingStatus.CANCELLED,
    ]:
        factories.make_bookings(run, status, 1)
    run.refresh_from_db()
    assert run.places == 2  # put back after the waiting list was joined
    assert sorted(Booking.objects.filter(course_run=run).values_list("status", flat=True)) == sorted(
        ["booked", "waiting", "offered", "cancelled"]
    )
    draft = factories.make_run(status=RunStatus.DRAFT)
    factories.make_bookings(draft, BookingStatus.BOOKED, 1)  # booked while published, then unpublished
    draft.refresh_from_db()
    assert draft.status == RunStatus.DRAFT and draft.bookings.count() == 1
