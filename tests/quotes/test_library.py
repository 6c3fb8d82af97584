"""The quote library: one query over every source's consented words; picks and tags kept beside them;
consent read live, so a withdrawal removes a quote from the library and every pick at once."""

from datetime import date

import pytest
from django.urls import reverse

from tests.downloads import download_rows
from tests.factories import answers, book, make_finished_run, make_student, paper_response
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_submit
from warp.impact import services as impact
from warp.quotes import queries, services
from warp.quotes.models import QuotePick
from warp.quotes.sources import SOURCES
from warp.students.models import ConsentKind
from warp.students.services import review_record, student_consent_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """Sam consents to be quoted, gives portal feedback and a review, both with consent; an anonymous
    paper form without consent; a co-production comment with consent from a carer, one without."""
    sam = make_student(user=personas["student"], email=personas["student"].email)
    student_consent_change(student=sam, kind=ConsentKind.QUOTE, given=True, by=personas["student"])
    run = make_finished_run(title="Understanding Depression and Anxiety")
    book(sam, run)
    feedback_submit(
        course_run=run,
        answers=answers(helped="Hearing that others felt the same.", could_be_better="", co_delivery=""),
        source=FeedbackSource.PORTAL,
        student=sam,
        quote_consent=True,
    )
    paper_response(run, personas["centre_manager"], quote_consent=False, helped="Not for quoting.")
    review_record(
        student=sam,
        review_date=date(2026, 1, 5),
        changes="I joined a walking group.",
        held_by=personas["admissions_tutor"],
        quote_consent=True,
        today=date(2026, 2, 1),
    )
    workshop = impact.workshop_create(held_on=date(2025, 4, 29), service="Pain Service", locality="Poole")
    theme = impact.workshop_theme_create(name="Feeling included")
    impact.workshop_comment_add(
        workshop=workshop, theme=theme, text="Nice to feel included.", perspective="carer", quote_consent=True
    )
    impact.workshop_comment_add(workshop=workshop, theme=theme, text="Private words.", quote_consent=False)
    return {"sam": sam, "personas": personas}


def _words(rows=None) -> set[str]:
    return {row["quote_words"] for row in (queries.library() if rows is None else rows)}


def test_the_library_holds_every_sources_consented_words_and_nothing_else(world):
    assert _words() == {
        "Hearing that others felt the same.",
        "I joined a walking group.",
        "Nice to feel included.",
    }


def test_quotes_are_attributed_by_role_never_by_name(world):
    by = {row["quote_words"]: (row["quote_by"], row["quote_where"]) for row in queries.library()}
    assert by["Hearing that others felt the same."] == (
        "a student",
        "Feedback on Understanding Depression and Anxiety",
    )
    assert by["I joined a walking group."] == ("a student", "A Learning Plan Review")
    assert by["Nice to feel included."] == ("a carer", "A co-production workshop with Pain Service")
    sam = world["sam"]
    for row in queries.library():
        assert sam.first_name not in str(row.values()) and sam.last_name not in str(row.values())


def test_the_library_is_one_query_over_every_source(world, django_assert_num_queries):
    with django_assert_num_queries(1):  # the UNION of every source's consented rows
        rows = list(queries.library())
    assert len(rows) == 3
    assert {s.key for s in SOURCES} == {
        "feedback",
        "review",
        "coproduction",
        "ward",
        "mentoring",
        "nomination",
        "case_study",
    }


def test_the_library_filters_by_source_tag_and_year(world):
    review = next(row for row in queries.library() if row["quote_source"] == "review")
    services.quote_tags_set(source="review", ref=review["quote_ref"], names=["hope", "walking"])
    assert _words(queries.library(source="coproduction")) == {"Nice to feel included."}
    assert _words(queries.library(tag="walking")) == {"I joined a walking group."}
    assert _words(queries.library(year=2025)) == {"Nice to feel included."}
    assert queries.tag_names() == ["hope", "walking"]


def test_withdrawing_consent_through_the_real_service_removes_the_quote_from_the_library_and_every_pick(
    world, client_for
):
    sams = [row for row in queries.library() if row["quote_source"] in ("feedback", "review")]
    for row in sams:
        services.quote_pick(
            source=row["quote_source"], ref=row["quote_ref"], by=world["personas"]["partnership_lead"]
        )
    assert _words(queries.library(picked_only=True)) == {
        "Hearing that others felt the same.",
        "I joined a walking group.",
    }

    student_consent_change(
        student=world["sam"], kind=ConsentKind.QUOTE, given=False, by=world["personas"]["student"]
    )

    assert _words() == {"Nice to feel included."}
    assert _words(queries.library(picked_only=True)) == set()
    # ...and from the pages, with no other step.
    client = client_for("partnership_lead")
    for url in (reverse("quotes:library"), reverse("quotes:picked")):
        page = client.get(url).content.decode()
        assert "walking group" not in page and "others felt the same" not in page
    assert QuotePick.objects.count() == 2  # the picks remain, naming rows that are no longer quotable


def test_unticking_a_workshop_comments_consent_removes_it_from_the_picked_list_page(world, client_for):
    row = next(row for row in queries.library() if row["quote_source"] == "coproduction")
    client = client_for("partnership_lead")
    client.post(reverse("quotes:pick", args=["coproduction", row["quote_ref"]]))
    assert "Nice to feel included." in client.get(reverse("quotes:picked")).content.decode()
    comment = impact.WorkshopComment.objects.get(text="Nice to feel included.")
    impact.workshop_comment_update(
        comment=comment,
        theme=comment.theme,
        text=comment.text,
        perspective=comment.perspective,
        quote_consent=False,
    )
    assert "Nice to feel included." not in client.get(reverse("quotes:picked")).content.decode()
    assert "Nice to feel included." not in client.get(reverse("quotes:library")).content.decode()


def test_withdrawn_words_can_be_neither_picked_nor_tagged(world, client_for):
    comment = impact.WorkshopComment.objects.get(text="Private words.")
    client = client_for("partnership_lead")
    assert client.post(reverse("quotes:pick", args=["coproduction", comment.pk])).status_code == 404
    assert client.get(reverse("quotes:tags", args=["coproduction", comment.pk])).status_code == 404
    assert client.get(reverse("quotes:tags", args=["nowhere", comment.pk])).status_code == 404
    assert not QuotePick.objects.exists()


def test_a_partnership_lead_picks_and_tags_a_quote_on_the_pages(world, client_for):
    row = next(row for row in queries.library() if row["quote_source"] == "review")
    client = client_for("partnership_lead")
    page = client.get(reverse("quotes:library")).content.decode()
    assert "I joined a walking group." in page and "A student" in page
    response = client.post(
        reverse("quotes:pick", args=["review", row["quote_ref"]]),
        {"next": reverse("quotes:library") + "?year=2026"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("quotes:library") + "?year=2026"
    assert client.post(
        reverse("quotes:pick", args=["review", row["quote_ref"]]), {"next": "https://evil.example"}
    )["Location"] == reverse("quotes:library")
    client.post(reverse("quotes:tags", args=["review", row["quote_ref"]]), {"tags": "Hope,  walking , hope"})
    picked = client.get(reverse("quotes:picked")).content.decode()
    assert "I joined a walking group." in picked and "Tags: hope, walking." in picked
    rows = download_rows(client.get(reverse("quotes:picked-csv")), "csv")
    assert rows == [
        ["Words", "Attributed to", "Date", "Where from", "Tags"],
        ["I joined a walking group.", "a student", "2026-01-05", "A Learning Plan Review", "hope, walking"],
    ]
    client.post(reverse("quotes:unpick", args=["review", row["quote_ref"]]))
    assert "I joined a walking group." not in client.get(reverse("quotes:picked")).content.decode()


@pytest.mark.parametrize("extra", [0, 60])
def test_library_pages_make_a_bounded_number_of_queries(
    world, extra, client_for, django_assert_max_num_queries
):
    workshop = impact.workshop_create(
        held_on=date(2025, 5, 1), service="Children's service", locality="Weymouth"
    )
    theme = impact.workshop_theme_create(name="Hope")
    for i in range(extra):
        impact.workshop_comment_add(workshop=workshop, theme=theme, text=f"Words {i}", quote_consent=True)
    for row in list(queries.library())[:5]:
        services.quote_pick(
            source=row["quote_source"], ref=row["quote_ref"], by=world["personas"]["partnership_lead"]
        )
    client = client_for("centre_manager")
    # session, user; tag names for the filter; the count and the page of the UNION; tags and picks of the page
    with django_assert_max_num_queries(2 + 5):
        assert client.get(reverse("quotes:library")).status_code == 200
    # session, user; the count and the page of the picked UNION; tags and picks of the page
    with django_assert_max_num_queries(2 + 4):
        assert client.get(reverse("quotes:picked")).status_code == 200
    # session, user; the picked UNION; tags and picks of its rows
    with django_assert_max_num_queries(2 + 3):
        assert client.get(reverse("quotes:picked-csv")).status_code == 200
