"""Co-production workshops: who took part (counts), comments coded to editable themes, and the summary by
theme and locality (one query, hand-computed)."""

from datetime import date

import pytest
from django.urls import reverse

from warp.impact import services
from warp.impact.models import WorkshopComment
from warp.impact.queries import workshop_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshops():
    """Two workshops in Poole (2025, 2026), one in Weymouth (2026). Comments:
    Poole 2025:   Being heard x2 (1 quotable), Hope x1
    Poole 2026:   Hope x1 (quotable)
    Weymouth 2026: Being heard x1 (quotable), Hope x2
    A third theme, Pace, has no comments."""
    heard = services.workshop_theme_create(name="Being heard")
    hope = services.workshop_theme_create(name="Hope")
    services.workshop_theme_create(name="Pace")
    poole = services.workshop_create(
        held_on=date(2025, 4, 29),
        service="Pain Service",
        locality="Poole",
        uses_services=6,
        carers=2,
        staff=5,
    )
    poole2 = services.workshop_create(held_on=date(2026, 2, 3), service="Pain Service", locality="Poole")
    weymouth = services.workshop_create(
        held_on=date(2026, 3, 10), service="Children's service", locality="Weymouth", staff=4, others=1
    )
    add = services.workshop_comment_add
    add(
        workshop=poole,
        theme=heard,
        text="I felt listened to.",
        quote_consent=True,
        perspective="uses_services",
    )
    add(workshop=poole, theme=heard, text="Everyone had a say.")
    add(workshop=poole, theme=hope, text="I left hopeful.")
    add(workshop=poole2, theme=hope, text="Something can change.", quote_consent=True)
    add(
        workshop=weymouth,
        theme=heard,
        text="Young people were heard.",
        quote_consent=True,
        perspective="staff",
    )
    add(workshop=weymouth, theme=hope, text="A new start.")
    add(workshop=weymouth, theme=hope, text="We can do this together.")
    return {"poole": poole, "weymouth": weymouth, "heard": heard, "hope": hope}


def test_summary_counts_comments_by_theme_and_locality_in_one_query(workshops, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = workshop_summary()
    assert summary.localities == ["Poole", "Weymouth"]
    rows = {row.theme: (row.by_locality, row.total, row.quotable) for row in summary.themes}
    assert rows == {"Being heard": ([2, 1], 3, 2), "Hope": ([2, 2], 4, 1)}
    assert summary.locality_totals == [4, 3]
    assert (summary.total, summary.quotable) == (7, 3)


def test_summary_for_one_year_counts_that_years_workshops_only(workshops):
    summary = workshop_summary(year=2026)
    assert summary.localities == ["Poole", "Weymouth"]
    rows = {row.theme: (row.by_locality, row.total, row.quotable) for row in summary.themes}
    assert rows == {"Being heard": ([0, 1], 1, 1), "Hope": ([1, 2], 3, 1)}
    assert (summary.total, summary.quotable, summary.locality_totals) == (4, 2, [1, 3])


def test_a_workshop_with_no_comments_gives_an_empty_summary():
    summary = workshop_summary()
    assert (summary.localities, summary.themes, summary.total) == ([], [], 0)


def test_the_summary_page_shows_the_same_numbers(workshops, client_for):
    page = client_for("centre_manager").get(reverse("impact:workshop-summary")).content.decode()
    assert "7 comments" in page and "3 of them with consent to quote" in page
    page = (
        client_for("centre_manager")
        .get(reverse("impact:workshop-summary"), {"year": "2026"})
        .content.decode()
    )
    assert "4 comments from workshops in 2026" in page


def test_a_partnership_lead_adds_a_comment_coded_to_a_theme(workshops, client_for):
    client = client_for("partnership_lead")
    url = reverse("impact:workshop-detail", args=[workshops["poole"].pk])
    page = client.get(url).content.decode()
    assert "6 who use the service, 2 carers or supporters, 5 staff, 0 others: 13 in all" in page
    response = client.post(
        url,
        {
            "theme": workshops["hope"].pk,
            "text": "Kind and well paced.",
            "perspective": "carer",
            "quote_consent": "on",
        },
    )
    assert response.status_code == 302
    comment = WorkshopComment.objects.get(text="Kind and well paced.")
    assert (comment.theme, comment.quote_consent, comment.attribution) == (workshops["hope"], True, "a carer")
    page = client.post(url, {"text": "No theme given."}).content.decode()
    assert "Choose the theme" in page and "No theme given." in page


def test_a_centre_manager_reads_a_workshop_but_cannot_add_to_it(workshops, client_for):
    client = client_for("centre_manager")
    url = reverse("impact:workshop-detail", args=[workshops["poole"].pk])
    page = client.get(url).content.decode()
    assert "I felt listened to." in page and "Add a comment" not in page
    assert client.post(url, {"theme": workshops["hope"].pk, "text": "x"}).status_code == 403
    assert not WorkshopComment.objects.filter(text="x").exists()


def test_a_theme_switched_off_is_not_offered_but_its_comments_keep_it(workshops, client_for):
    client = client_for("partnership_lead")
    client.post(reverse("impact:theme-edit", args=[workshops["hope"].pk]), {"name": "Hope for the future"})
    form_page = client.get(reverse("impact:workshop-detail", args=[workshops["poole"].pk])).content.decode()
    assert "Hope for the future" in form_page  # the heading of its comments...
    assert f'value="{workshops["hope"].pk}"' not in form_page  # ...but not offered for new ones
    assert WorkshopComment.objects.filter(theme__name="Hope for the future").count() == 4
    comment = WorkshopComment.objects.filter(theme=workshops["hope"]).first()
    edit = client.get(reverse("impact:comment-edit", args=[comment.pk])).content.decode()
    assert f'value="{workshops["hope"].pk}" selected' in edit  # its own theme stays choosable


@pytest.mark.parametrize("extra", [0, 30])
def test_workshop_pages_make_a_bounded_number_of_queries(
    workshops, extra, client_for, django_assert_max_num_queries
):
    for i in range(extra):
        w = services.workshop_create(held_on=date(2026, 1, 1), service=f"Service {i}", locality=f"Town {i}")
        services.workshop_comment_add(workshop=w, theme=workshops["hope"], text=f"Words {i}")
        services.workshop_comment_add(workshop=workshops["poole"], theme=workshops["heard"], text=f"More {i}")
    client = client_for("partnership_lead")
    with django_assert_max_num_queries(2 + 1):  # session, user; the workshops
        assert client.get(reverse("impact:workshop-list")).status_code == 200
    with django_assert_max_num_queries(2 + 1):  # session, user; the summary's one query
        assert client.get(reverse("impact:workshop-summary")).status_code == 200
    # session, user; the workshop; its comments with their themes; the themes for the form's select
    with django_assert_max_num_queries(2 + 3):
        assert client.get(reverse("impact:workshop-detail", args=[workshops["poole"].pk])).status_code == 200
    with django_assert_max_num_queries(2 + 1):  # session, user; the themes
        assert client.get(reverse("impact:themes")).status_code == 200
