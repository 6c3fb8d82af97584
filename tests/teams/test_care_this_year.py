"""Defect 2.5: the Triangle of Care never offers to start a year that exists, and loses nothing on a refusal."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.teams.factories import care_ratings, make_team
from warp.teams import services
from warp.teams.models import CareStandard

pytestmark = pytest.mark.django_db


def _typed(year: int) -> dict:
    data = {"year": str(year)}
    for standard in CareStandard.objects.all():
        data[f"s{standard.pk}_rating"] = "partly"
        data[f"s{standard.pk}_evidence"] = f"Carers' leaflet on the ward, standard {standard.number}"
        data[f"s{standard.pk}_owner"] = "Ward manager"
    return data


def test_a_team_with_this_years_assessment_links_to_it_instead_of_offering_to_start_one(client_for):
    team = make_team(name="Harbour Ward")
    year = timezone.localdate().year
    client = client_for("partnership_lead")
    assert "Start this year's self-assessment" in client.get(team.get_absolute_url()).content.decode()
    assessment = services.care_assessment_save(team=team, year=year, ratings=care_ratings())
    page = client.get(team.get_absolute_url()).content.decode()
    assert "Start this year's self-assessment" not in page
    assert f'href="{assessment.get_absolute_url()}">Open this year\'s self-assessment' in page


def test_refusing_a_year_that_exists_keeps_everything_typed_and_links_to_that_year(client_for):
    team = make_team(name="Harbour Ward")
    year = timezone.localdate().year
    assessment = services.care_assessment_save(team=team, year=year, ratings=care_ratings())
    response = client_for("partnership_lead").post(reverse("teams:care-create", args=[team.pk]), _typed(year))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Carers&#x27; leaflet on the ward, standard") == CareStandard.objects.count()
    assert page.count('value="Ward manager"') == CareStandard.objects.count()
    assert len(re.findall(r'<input[^>]*value="partly"[^>]*checked', page)) == CareStandard.objects.count()
    assert assessment.get_absolute_url() in page
    assert "Your answers are still below" in page
