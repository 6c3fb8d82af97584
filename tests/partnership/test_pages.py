"""The edition pages: the lead writes an edition (sections chosen and ordered with number boxes, words in
boxes), reads it, publishes it; a commissioner sees published editions only, in their version only; the
edition page's query count is bounded."""

import html
from datetime import date

import pytest
from django.urls import reverse

from tests.evaluation.factories import identity, student
from tests.outreach.factories import hold, make_workshop
from tests.teams.factories import make_team
from warp.partnership import services
from warp.partnership.models import Edition
from warp.partnership.sections import SECTIONS

pytestmark = pytest.mark.django_db
START, END = date(2025, 4, 1), date(2027, 3, 31)


def _form(**overrides) -> dict:
    data = {"title": "Two years together", "start": "2025-04-01", "end": "2027-03-31"}
    for section in SECTIONS:
        data[f"place_{section.key}"] = ""
        data[f"words_{section.key}"] = ""
    data.update(overrides)
    return data


def test_the_lead_chooses_sections_and_their_order_with_number_boxes(client_for):
    client = client_for("partnership_lead")
    form = client.get(reverse("partnership:edition-create")).content.decode()
    assert "Foreword: place in the report" in form

    response = client.post(
        reverse("partnership:edition-create"),
        _form(
            place_college="2",
            place_foreword="1",
            place_recommendations="3",
            words_foreword="Welcome, everyone.",
            words_college="Our numbers grew.",
        ),
    )

    edition = Edition.objects.get()
    assert response.status_code == 302
    assert edition.sections == ["foreword", "college", "recommendations"]
    assert edition.words == {"foreword": "Welcome, everyone.", "college": "Our numbers grew."}
    page = client.get(reverse("partnership:edition-detail", args=[edition.pk])).content.decode()
    assert page.index("Welcome, everyone.") < page.index("Our numbers grew.")
    assert "This is a draft" in page


def test_a_form_with_mistakes_says_what_to_do_and_keeps_what_was_typed(client_for):
    client = client_for("partnership_lead")
    response = client.post(
        reverse("partnership:edition-create"),
        _form(start="2027-04-01", words_foreword="My careful words."),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in page
    assert "Give at least one section a place in the report." in page
    assert "My careful words." in page
    assert not Edition.objects.exists()


def test_a_place_that_is_not_a_number_names_its_section_in_quotes(client_for):
    response = client_for("partnership_lead").post(
        reverse("partnership:edition-create"), _form(place_college="second")
    )
    page = html.unescape(response.content.decode())
    assert "Enter the place of “The college in numbers” as a whole number, or leave it empty." in page
    assert not Edition.objects.exists()


def test_editing_a_published_edition_is_refused_kindly(client_for):
    edition = services.edition_publish(
        edition=services.edition_create(title="Done", start=START, end=END, sections=["college"])
    )
    client = client_for("partnership_lead")
    response = client.post(
        reverse("partnership:edition-edit", args=[edition.pk]), _form(place_college="1"), follow=True
    )
    assert "start a new edition for the same period" in response.content.decode()
    edition.refresh_from_db()
    assert edition.title == "Done"


def test_publishing_keeps_the_report_and_says_when(client_for):
    edition = services.edition_create(title="Ours", start=START, end=END, sections=["college"])
    client = client_for("partnership_lead")
    page = client.post(
        reverse("partnership:edition-publish", args=[edition.pk]), follow=True
    ).content.decode()
    edition.refresh_from_db()
    assert edition.is_published
    assert "The edition is published." in page
    assert "Publish this edition" not in page
    assert "Generated on" in page and "data version" in page


def test_a_commissioner_sees_published_editions_only_and_only_their_version(client_for):
    for _ in range(3):
        student(registered_on=date(2025, 5, 1), identities=[identity("Carer")])
    draft = services.edition_create(title="Still a draft", start=START, end=END, sections=["college"])
    published = services.edition_publish(
        edition=services.edition_create(title="Out now", start=START, end=END, sections=["college"])
    )
    client = client_for("commissioner")

    listing = client.get(reverse("partnership:edition-list")).content.decode()
    assert "Out now" in listing and "Still a draft" not in listing
    assert client.get(reverse("partnership:edition-detail", args=[draft.pk])).status_code == 404
    asked_for_full = client.get(reverse("partnership:edition-detail", args=[published.pk]) + "?version=full")
    page = html.unescape(asked_for_full.content.decode())
    assert "Commissioners' version: numbers from 1 to 7 are shown as *" in page
    assert "Full version" not in page
    # The centre manager sees the exact count in the full version.
    manager = client_for("centre_manager").get(reverse("partnership:edition-detail", args=[published.pk]))
    assert "Commissioners' version: numbers" not in html.unescape(manager.content.decode())


def _centre(size: int) -> None:
    carer = identity("Carer")
    ward = make_team(name=f"Ward {size}")
    workshop = make_workshop(f"Hope {size}")
    for n in range(size):
        student(registered_on=date(2025, 5, 1), identities=[carer])
        hold(ward, workshop=workshop, held_on=date(2025, 6, 1 + n), attendees=5)


def test_a_published_editions_page_makes_a_constant_number_of_queries(
    client_for, django_assert_max_num_queries
):
    _centre(3)
    edition = services.edition_publish(
        edition=services.edition_create(
            title="Kept", start=START, end=END, sections=[s.key for s in SECTIONS]
        )
    )
    client = client_for("centre_manager")
    url = reverse("partnership:edition-detail", args=[edition.pk])
    # The session and its user, the user's session record and its "last seen" update, the menu's roles,
    # the edition with its snapshots: nothing is computed.
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_drafts_page_makes_a_bounded_number_of_queries_whatever_the_rows(
    client_for, django_assert_max_num_queries
):
    edition = services.edition_create(title="Draft", start=START, end=END, sections=[s.key for s in SECTIONS])
    client = client_for("centre_manager")
    url = reverse("partnership:edition-detail", args=[edition.pk])
    # The request's own (about 10), then each section's computation: the evaluation report (about 20),
    # sessions and venues (1), outcome questionnaires and service use (about 6), the work register (4),
    # the teams summaries (about 12), the programmes (about 8, plus 3 a staff network and 2 an award year),
    # the impact log (2), the picked quotes (1) and fidelity (1). None grows with students or workshops.
    _centre(2)
    with django_assert_max_num_queries(110) as small:
        assert client.get(url).status_code == 200
    _centre(12)
    with django_assert_max_num_queries(110) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_editions_list_makes_a_constant_number_of_queries(client_for, django_assert_max_num_queries):
    for n in range(4):
        services.edition_create(title=f"Edition {n}", start=START, end=END, sections=["college"])
    client = client_for("partnership_lead")
    # The session and its user, the user's session record and its "last seen" update, the menu's roles,
    # then the editions in one query, however many there are.
    with django_assert_max_num_queries(10) as counted:
        page = client.get(reverse("partnership:edition-list")).content.decode()
    assert "Edition 3" in page
    services.edition_create(title="One more", start=START, end=END, sections=["college"])
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(reverse("partnership:edition-list"))
