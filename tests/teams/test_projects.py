"""Partnership projects beyond teams: on the work register, its PDF and CSV, each section the report has."""

from datetime import date

import pytest
from django.urls import reverse

from tests.downloads import download_rows
from tests.teams.factories import make_team
from warp.teams import services
from warp.teams.models import PartnershipProject, TeamKind
from warp.teams.queries import work_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    ward = make_team(name="Harbour Ward", kind=TeamKind.INPATIENT_WARD)
    services.work_item_create(
        team=ward, kind="peer_workers", state="active", summary="Peer workers on the ward"
    )
    services.project_create(
        name="Personal health budgets pilot",
        kind="personal_health_budgets",
        summary="A demonstrator site with one community team",
        partners="the clinical commissioning group",
        state="active",
        started_on=date(2025, 4, 1),
    )
    services.project_create(
        name="Recovery and wellbeing in BME communities",
        kind="community",
        summary="Exploratory workshops",
        state="development",
    )
    services.project_create(name="Nursing degree", kind="university", summary="Co-delivered teaching")


def test_projects_follow_the_teams_on_the_register_a_section_per_kind_in_the_reports_order(register):
    groups = work_register()
    assert [g.kind_label for g in groups] == [
        "Inpatient ward",
        "Personal health budgets",
        "Community projects",
        "Work with a university",
    ]
    assert [p.name for p in groups[1].projects] == ["Personal health budgets pilot"]
    assert groups[1].teams == [] and groups[0].projects == []


def test_the_register_page_pdf_and_csv_show_the_projects(register, client_for):
    client = client_for("partnership_lead")
    page = client.get(reverse("teams:register")).content.decode()
    assert (
        page.index("Harbour Ward")
        < page.index("Personal health budgets pilot")
        < page.index("Nursing degree")
    )
    assert "With the clinical commissioning group" in page and "Development" in page
    rows = download_rows(client.get(reverse("teams:register-csv")), "csv")
    pilot = next(row for row in rows if row[1] == "Personal health budgets pilot")
    assert pilot == [
        "Personal health budgets",
        "Personal health budgets pilot",
        "Partners: the clinical commissioning group",
        "A demonstrator site with one community team",
        "Active",
        "2025-04-01",
        "",
        "",
    ]
    assert client.get(reverse("teams:register-pdf")).content.startswith(b"%PDF")


def test_a_partnership_lead_adds_and_changes_a_project(client_for):
    client = client_for("partnership_lead")
    data = {
        "name": "Shared decision-making",
        "kind": "shared_decision_making",
        "state": "initial_discussions",
    }
    page = client.post(reverse("teams:project-create"), data).content.decode()
    assert "Enter the summary" in page and "Shared decision-making" in page  # what was typed stays
    response = client.post(
        reverse("teams:project-create"), {**data, "summary": "Care and safety plans made together"}
    )
    assert response.status_code == 302
    project = PartnershipProject.objects.get()
    response = client.post(
        reverse("teams:project-edit", args=[project.pk]),
        {**data, "summary": "Standards agreed", "state": "active", "partners": "a university"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.summary, project.state, project.partners) == (
        "Standards agreed",
        "active",
        "a university",
    )


def test_a_project_cannot_end_before_it_starts(client_for):
    client = client_for("partnership_lead")
    page = client.post(
        reverse("teams:project-create"),
        {
            "name": "Older people's narratives",
            "kind": "older_people",
            "state": "active",
            "summary": "A book of stories",
            "started_on": "2025-05-01",
            "ended_on": "2025-01-01",
        },
    ).content.decode()
    assert "The end date is before the start date: change one of them." in page
    assert not PartnershipProject.objects.exists()
