from datetime import date

import pytest
from django.urls import reverse

from tests.prospectus import factories
from warp.prospectus.pdf import term_prospectus_context, term_prospectus_html


@pytest.fixture
def term():
    term = factories.term("Spring 2027", starts_on=date(2027, 1, 4))
    weymouth = factories.venue(
        "Weymouth", name="Weymouth Library", access_information="Ramp at the side door."
    )
    factories.run(term=term, course=factories.course("Recovery Narratives", theme="Recovery"), venue=weymouth)
    factories.run(term=term, course=factories.course("Managing Anxiety", theme="Living well"))
    factories.run(term=term, course=factories.course("Hidden draft", theme="Recovery"), publish=False)
    return term


@pytest.mark.django_db
def test_printable_prospectus_is_a_pdf(client, term):
    response = client.get(reverse("prospectus:term-pdf", args=[term.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_printable_prospectus_groups_published_courses_by_theme_with_venues_and_access(term):
    context = term_prospectus_context(term)
    assert [theme for theme, _ in context["themes"]] == ["Living well", "Recovery"]
    assert [[run.course.title for run in runs] for _, runs in context["themes"]] == [
        ["Managing Anxiety"],
        ["Recovery Narratives"],
    ]
    html = term_prospectus_html(term)
    for text in (
        "Spring 2027",
        "Recovery Narratives",
        "Managing Anxiety",
        "Weymouth Library",
        "Ramp at the side door.",
    ):
        assert text in html
    assert "Hidden draft" not in html


@pytest.mark.django_db
def test_a_term_with_nothing_published_has_no_printable_prospectus(client):
    term = factories.term()
    factories.run(term=term, publish=False)
    assert client.get(reverse("prospectus:term-pdf", args=[term.pk])).status_code == 404
