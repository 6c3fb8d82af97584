"""Defect 2.18: a course theme is chosen from a list the managers keep, with no near-duplicates."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.prospectus import factories
from warp.prospectus import services
from warp.prospectus.models import Course, CourseTheme, theme_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Carers and supporters", "carers & supporters"),
        ("Living well", "  LIVING   WELL "),
        ("Living well", "Living-well"),
        ("Carer and supporter", "Carers and supporters"),
    ],
)
def test_near_duplicate_themes_have_one_key(one, other):
    assert theme_key(one) == theme_key(other)


def test_a_near_duplicate_theme_is_refused_naming_the_one_on_the_list(personas):
    services.course_theme_add(name="Carers and supporters")
    with pytest.raises(ValidationError, match="Carers and supporters"):
        services.course_theme_add(name="carers & supporters")
    assert CourseTheme.objects.count() == 1


def test_a_course_takes_a_theme_only_from_the_list_as_the_list_spells_it(personas):
    services.course_theme_add(name="Living well")
    course = services.course_create(by=personas["centre_manager"], title="Sleep", theme="living  well")
    assert course.theme == "Living well"
    with pytest.raises(ValidationError, match="not one of the course themes"):
        services.course_create(by=personas["centre_manager"], title="Worry", theme="Wellbeing")


def test_the_course_form_offers_the_list_and_managers_keep_it(client_for):
    client = client_for("centre_manager")
    client.post(reverse("prospectus:theme-list"), {"action": "add", "name": "Recovery"})
    refused = client.post(reverse("prospectus:theme-list"), {"action": "add", "name": "recovery!"})
    assert "“Recovery” is already on the list" in refused.content.decode()
    assert 'value="recovery!"' in refused.content.decode()  # what was typed is shown back
    form = client.get(reverse("prospectus:course-create")).content.decode()
    assert '<select name="theme"' in form and '<option value="Recovery">Recovery</option>' in form
    factories.course("Recovery Narratives", theme="Recovery")
    theme = CourseTheme.objects.get(name="Recovery")
    kept = client.post(reverse("prospectus:theme-list"), {"action": "remove", "theme": theme.pk}, follow=True)
    assert "still has the theme" in kept.content.decode()
    assert CourseTheme.objects.filter(name="Recovery").exists()


def test_the_theme_list_query_count_does_not_grow_with_themes(client_for, django_assert_max_num_queries):
    for n in range(12):
        services.course_theme_add(name=f"Theme number {n}")
        factories.course(f"Course {n}", theme=f"Theme number {n}")
    client = client_for("centre_manager")
    # session, user, courses per theme, the themes
    with django_assert_max_num_queries(4):
        page = client.get(reverse("prospectus:theme-list"))
    assert page.content.decode().count("Theme number") == 12


def test_the_migration_moves_free_text_themes_into_the_list_without_losing_one():
    from django.apps import apps

    migration = importlib.import_module("warp.prospectus.migrations.0002_course_themes")
    CourseTheme.objects.all().delete()
    rows = [
        ("A", "Carers & supporters"),
        ("B", "Carers and supporters"),
        ("C", "carers and supporters "),
        ("D", "Living well"),
        ("E", ""),
        ("F", "  Recovery"),
    ]
    for title, theme in rows:
        # Courses as they stood before the migration (free-text themes): no service makes that state.
        Course.objects.create(title=title, theme=theme)
    migration.themes_into_the_list(apps, None)
    assert sorted(CourseTheme.objects.values_list("name", flat=True)) == [
        "Carers and supporters",
        "Living well",
        "Recovery",
    ]
    themes = dict(Course.objects.values_list("title", "theme"))
    assert themes == {
        "A": "Carers and supporters",
        "B": "Carers and supporters",
        "C": "Carers and supporters",
        "D": "Living well",
        "E": "",
        "F": "Recovery",
    }
