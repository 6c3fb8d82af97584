"""`warp import unit-costs` and `warp import service-use`, the services page and typing in an answer."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_student
from warp.cli import main as warp_main
from warp.service_use.imports import import_service_use, import_unit_costs
from warp.service_use.models import Service, ServiceContact, ServiceUseAnswer
from warp.service_use.services import service_save

pytestmark = pytest.mark.django_db


def costs_csv(*rows: str) -> bytes:
    return ("\n".join(["service,label,unit_cost,source", *rows]) + "\n").encode()


def use_csv(*rows: str) -> bytes:
    return (
        "\n".join(["registration_number,answered_on,period,months,service,contacts", *rows]) + "\n"
    ).encode()


def run_costs(data, valid=False):
    return import_unit_costs(data, "costs.csv", dry_run=False, import_valid_rows=valid)


def run_use(data, valid=False, dry_run=False):
    return import_service_use(data, "use.csv", dry_run=dry_run, import_valid_rows=valid)


@pytest.fixture
def services():
    return {
        code: service_save(code=code, label=label, unit_cost=Decimal(cost), source="Example")
        for code, label, cost in (("gp", "GP appointment", "39"), ("ae", "A&E attendance", "160"))
    }


def test_unit_costs_import_adds_services_updates_changed_ones_and_changes_nothing_twice():
    data = costs_csv(
        "gp,GP appointment,39.00,Example tables 2025", "ae,A&E attendance,£160,Example tables 2025"
    )
    first = run_costs(data)
    assert (first.saved, first.created, first.errors) == (True, 2, [])
    assert Service.objects.get(code="ae").unit_cost == Decimal("160.00")
    again = run_costs(data)
    assert (again.created, again.already_present) == (0, 2)
    changed = run_costs(costs_csv("gp,GP appointment,41.50,Example tables 2026"))
    assert changed.created == 1 and "it was GP appointment, £39.00" in changed.notes[0].reason
    assert Service.objects.get(code="gp").unit_cost == Decimal("41.50")


def test_unit_costs_import_reports_each_bad_row_and_imports_nothing():
    report = run_costs(
        costs_csv(
            "gp,GP appointment,39.00,Example",
            ",No code,1,Example",  # no code
            "ae,,ten pounds,Example",  # no label, not an amount
            "gp,GP again,2,Example",  # the same code twice
            "crisis,Crisis team,-5,Example",  # negative
        )
    )
    assert {(e.row, e.column) for e in report.errors} == {
        (3, "service"),
        (4, "label"),
        (4, "unit_cost"),
        (5, "service"),
        (6, "unit_cost"),
    }
    assert not report.saved and not Service.objects.exists()
    assert run_costs(costs_csv("gp,GP appointment,39.00,Example", ",x,1,y"), valid=True).created == 1


def test_service_use_import_makes_one_answer_of_a_students_rows_for_a_date_and_period(services):
    ana = make_student()
    number = ana.registration_number
    report = run_use(
        use_csv(
            f"{number},2025-01-10,before,3,gp,6",
            f"{number},2025-01-10,before,3,ae,3",
            f"{number.lower()},10/09/2025,After,6,gp,0",
        )
    )
    assert (report.saved, report.created, report.errors) == (True, 3, [])
    before = ServiceUseAnswer.objects.get(student=ana, period="before")
    assert before.months == 3 and before.answered_on == date(2025, 1, 10)
    assert {c.service.code: c.contacts for c in before.contacts.all()} == {"gp": 6, "ae": 3}
    after = ServiceUseAnswer.objects.get(student=ana, period="after")
    assert not after.contacts.exists()  # 0 contacts are not stored; a missing service counts 0 anyway
    again = run_use(use_csv(f"{number},2025-01-10,before,3,gp,6", f"{number},2025-01-10,before,3,ae,3"))
    assert (again.created, again.already_present, again.errors) == (0, 2, [])
    different = run_use(use_csv(f"{number},2025-01-10,before,3,gp,7"))
    assert [(e.row, e.column) for e in different.errors] == [(2, "answered_on")]
    assert ServiceUseAnswer.objects.count() == 2 and ServiceContact.objects.count() == 2


def test_service_use_import_reports_each_bad_row_and_refuses_a_broken_answer_whole(services):
    ana, ben = make_student(), make_student()
    a, b = ana.registration_number, ben.registration_number
    report = run_use(
        use_csv(
            f"{a},2025-01-10,before,3,gp,6",  # fine on its own, but row 3 breaks its answer
            f"{a},2025-01-10,before,3,dentist,1",  # unknown service
            f"{b},2025-01-10,during,3,gp,1",  # bad period
            f"{b},2025-02-10,before,0,gp,1",  # months out of range
            f"{b},2025-02-10,before,3,ae,many",  # contacts not a number
            "REC-404,2025-01-10,before,3,gp,1",  # unknown student
            f"{b},2099-01-01,after,3,gp,1",  # in the future
            f"{b},2025-03-10,after,3,gp,1",  # fine
            f"{b},2025-03-10,after,4,ae,1",  # months differ within one answer
            f"{b},2025-04-10,after,2,gp,1",  # fine
            f"{b},2025-04-10,after,2,gp,2",  # the same service twice in one answer
        )
    )
    assert {(e.row, e.column) for e in report.errors} == {
        (2, "registration_number"),
        (3, "service"),
        (4, "period"),
        (5, "months"),
        (6, "contacts"),
        (7, "registration_number"),
        (8, "answered_on"),
        (9, "registration_number"),
        (10, "months"),
        (11, "registration_number"),
        (12, "service"),
    }
    assert not report.saved and not ServiceUseAnswer.objects.exists()
    assert "Row 3 of the same answer" in next(e.reason for e in report.errors if e.row == 2)


def test_warp_import_unit_costs_and_service_use_on_the_command_line(tmp_path, capsys):
    ana = make_student()
    costs = tmp_path / "costs.csv"
    costs.write_bytes(costs_csv("gp,GP appointment,39.00,Example"))
    assert warp_main(["import", "unit-costs", str(costs)]) == 0
    use = tmp_path / "use.csv"
    use.write_bytes(
        use_csv(f"{ana.registration_number},2025-01-10,before,3,gp,6", "REC-404,2025-01-10,before,3,gp,1")
    )
    assert warp_main(["import", "service-use", str(use), "--dry-run"]) == 1
    assert warp_main(["import", "service-use", str(use)]) == 1
    assert "row 3, column registration_number" in capsys.readouterr().out
    assert not ServiceUseAnswer.objects.exists()
    assert warp_main(["import", "service-use", str(use), "--import-valid-rows"]) == 1
    assert ServiceUseAnswer.objects.get().student == ana


def test_staff_type_in_an_answer_and_a_mistake_keeps_what_they_typed(services, client_for, personas):
    student = make_student()
    client = client_for("admissions_tutor")
    url = reverse("service_use:answer-record", args=[student.pk])
    gp, ae = services["gp"], services["ae"]
    bad = client.post(
        url, {"answered_on": "31/02/2025", "period": "before", "months": "3", f"service_{gp.pk}": "4"}
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "Enter a real date" in page and 'value="4"' in page
    good = client.post(
        url,
        {
            "answered_on": "10/01/2025",
            "period": "before",
            "months": "3",
            f"service_{gp.pk}": "4",
            f"service_{ae.pk}": "",
        },
    )
    assert good.status_code == 302
    saved = ServiceUseAnswer.objects.get(student=student)
    assert saved.months == 3 and {c.service_id: c.contacts for c in saved.contacts.all()} == {gp.pk: 4}
    twice = client.post(url, {"answered_on": "10/01/2025", "period": "before", "months": "3"})
    assert "already has an answer about before attending on 10 January 2025" in twice.content.decode()
    assert "GP appointment: 4 times" in client.get(url).content.decode()


def test_managers_add_and_change_services(client_for):
    client = client_for("centre_manager")
    response = client.post(
        reverse("service_use:service-create"),
        {
            "code": "gp",
            "label": "GP appointment",
            "unit_cost": "39.00",
            "source": "Example",
            "year": "2025",
            "order": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    gp = Service.objects.get(code="gp")
    assert gp.year == 2025
    client.post(
        reverse("service_use:service-edit", args=[gp.pk]),
        {
            "code": "gp",
            "label": "GP appointment",
            "unit_cost": "41.00",
            "source": "Example",
            "year": "2026",
            "order": "1",
            "is_active": "on",
        },
    )
    gp.refresh_from_db()
    assert gp.unit_cost == Decimal("41.00")
    page = client.get(reverse("service_use:service-list")).content.decode()
    assert "£41.00" in page and "2026" in page
