"""The impact log: entries of every kind, filtered by kind, year and person; a CSV and a printed list
grouped as the report groups them."""

from datetime import date

import pytest
from django.urls import reverse

from tests.downloads import download_rows
from warp.impact import services
from warp.impact.models import ImpactEntry, ImpactPerson
from warp.impact.queries import impact_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """One entry of each kind, invented."""
    make = services.impact_entry_create
    return {
        "talk": make(
            kind="presentation",
            held_on=date(2025, 6, 12),
            title="Learning side by side",
            event="Recovery Research Day",
            place="Taunton",
            people=["Alex Moran", "Priya Lane"],
            link="https://example.org/video",
        ),
        "poster": make(
            kind="poster", held_on=date(2024, 8, 1), title="Peer work on wards", people=["Priya Lane"]
        ),
        "training": make(
            kind="training",
            held_on=date(2025, 3, 3),
            title="Starting a recovery college",
            event="Wessex Trust",
        ),
        "national": make(
            kind="consultancy_national", held_on=date(2025, 5, 1), title="Learning set", people=["alex moran"]
        ),
        "abroad": make(
            kind="consultancy_international", held_on=date(2024, 7, 9), title="Keynote", place="Galway"
        ),
        "paper": make(
            kind="publication",
            held_on=date(2025, 1, 20),
            title="Students' views of a recovery college",
            publication_status="submitted",
            reference="Moran A., Lane P. (2025) Students' views of a recovery college. Submitted.",
            people=["Alex Moran"],
        ),
        "film": make(kind="film", held_on=date(2024, 11, 30), title="Our stories"),
    }


def test_a_presenter_named_twice_in_any_case_is_one_person(log):
    assert list(ImpactPerson.objects.values_list("name", flat=True)) == ["Alex Moran", "Priya Lane"]
    alex = ImpactPerson.objects.get(name="Alex Moran")
    assert set(alex.entries.values_list("title", flat=True)) == {
        "Learning side by side",
        "Learning set",
        "Students' views of a recovery college",
    }


def test_the_log_filters_by_kind_year_and_person(log, client_for):
    client = client_for("partnership_lead")
    alex = ImpactPerson.objects.get(name="Alex Moran")

    def titles(**params):
        page = client.get(reverse("impact:log"), params).content.decode()
        return {
            entry.title for entry in ImpactEntry.objects.all() if entry.title.replace("'", "&#x27;") in page
        }

    assert titles(kind="poster") == {"Peer work on wards"}
    assert titles(year=2024) == {"Peer work on wards", "Keynote", "Our stories"}
    assert titles(person=alex.pk, year=2025) == {
        "Learning side by side",
        "Learning set",
        "Students' views of a recovery college",
    }
    assert len(titles()) == 7


def test_the_printed_list_uses_the_reports_sections_in_its_order(log, client_for):
    sections = impact_sections(ImpactEntry.objects.for_log())
    assert [s.heading for s in sections] == [
        "Conferences and Presentations",
        "Conference Posters",
        "Training and Development",
        "ImROC Consultancy: National / International",
        "Publications",
        "Films",
    ]
    consultancy = sections[3]
    assert [e.title for e in consultancy.entries] == ["Learning set", "Keynote"]  # newest first
    page = client_for("centre_manager").get(reverse("impact:log-print")).content.decode()
    assert page.index("Conferences and Presentations") < page.index("Publications") < page.index("Films")
    assert "Alex Moran and Priya Lane" in page and "(submitted)" in page and "(international)" in page


def test_the_printed_list_and_csv_keep_the_filters(log, client_for):
    client = client_for("partnership_lead")
    page = client.get(reverse("impact:log-print"), {"kind": "film"}).content.decode()
    assert "Our stories" in page and "Keynote" not in page
    rows = download_rows(client.get(reverse("impact:log-csv"), {"year": 2025}), "csv")
    assert rows[0][:4] == ["Kind", "Date", "Title", "Presenters or authors"]
    assert {row[2] for row in rows[1:]} == {
        "Learning side by side",
        "Starting a recovery college",
        "Learning set",
        "Students' views of a recovery college",
    }
    talk = next(row for row in rows if row[2] == "Learning side by side")
    assert (
        talk[1] == "2025-06-12"
        and talk[3] == "Alex Moran; Priya Lane"
        and talk[6] == "https://example.org/video"
    )


def test_a_publication_needs_a_status_and_nothing_else_has_one(client_for):
    client = client_for("partnership_lead")
    data = {"kind": "publication", "held_on": "2026-02-01", "title": "A paper", "people_names": "Alex Moran"}
    page = client.post(reverse("impact:entry-create"), data).content.decode()
    assert "Choose where the publication stands" in page and "Alex Moran" in page  # what was typed stays
    assert not ImpactEntry.objects.exists()
    page = client.post(
        reverse("impact:entry-create"), {**data, "kind": "film", "publication_status": "published"}
    )
    assert "only publications have a status" in page.content.decode()
    response = client.post(reverse("impact:entry-create"), {**data, "publication_status": "in_preparation"})
    assert response.status_code == 302
    entry = ImpactEntry.objects.get()
    assert entry.publication_status == "in_preparation" and [p.name for p in entry.people.all()] == [
        "Alex Moran"
    ]


def test_changing_an_entry_keeps_its_people_in_the_form_and_replaces_them_on_save(log, client_for):
    client = client_for("partnership_lead")
    url = reverse("impact:entry-edit", args=[log["talk"].pk])
    assert "Alex Moran\nPriya Lane" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "presentation",
            "held_on": "2025-06-12",
            "title": "Learning side by side",
            "people_names": "Sam Ode",
        },
    )
    assert response.status_code == 302
    assert [p.name for p in log["talk"].people.all()] == ["Sam Ode"]


@pytest.mark.parametrize("extra", [0, 40])
def test_log_pages_make_a_bounded_number_of_queries(log, extra, client_for, django_assert_max_num_queries):
    for i in range(extra):
        services.impact_entry_create(
            kind="film", held_on=date(2025, 1, 1), title=f"Film {i}", people=[f"P {i}"]
        )
    client = client_for("partnership_lead")
    # session, user; the people for the filter's select; the entries; their people (prefetched)
    with django_assert_max_num_queries(2 + 3):
        assert client.get(reverse("impact:log")).status_code == 200
    with django_assert_max_num_queries(2 + 2):  # the entries and their people
        assert client.get(reverse("impact:log-print")).status_code == 200
    with django_assert_max_num_queries(2 + 2):
        assert client.get(reverse("impact:log-csv")).status_code == 200
