"""Issue 16, item 2: Triangle of Care audits beside self-assessments. The report: "The Triangle of Care also
calls for regular assessing and auditing of providers to ensure these six elements are in place" (line 749);
the six standards in its own words (lines 740-745, standard 5 about the acute care pathway)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.teams.factories import care_ratings, make_team
from warp.teams import services
from warp.teams.models import CareKind, CareStandard
from warp.teams.queries import care_comparison, care_progress
from warp.teams.services import CareRatingInput

pytestmark = pytest.mark.django_db
YEAR = date.today().year


def _levels(*levels: str) -> dict[int, CareRatingInput]:
    return {
        s.pk: CareRatingInput(rating=level)
        for s, level in zip(CareStandard.objects.all(), levels, strict=True)
    }


def _audit(team, levels, year=YEAR, by="Carers' lead, the forum"):
    return services.care_assessment_save(
        team=team, year=year, ratings=levels, kind=CareKind.AUDIT, audited_by=by
    )


def test_the_standards_keep_the_reports_own_wording():
    """Lines 740-745: standard 5 is about the acute care pathway; standard 2's staff are 'carer aware'."""
    names = dict(CareStandard.objects.values_list("number", "name"))
    assert names[5].endswith("with a relevant range of information across the acute care pathway")
    assert names[2] == "Staff are 'carer aware' and trained in carer engagement strategies"
    assert names[1].startswith("Carers and the essential role they play is identified at first contact")


def test_an_audit_sits_beside_the_self_assessment_with_its_own_ratings():
    """Line 749: assessing and auditing; the audit is a second record for the year, never overwriting."""
    team = make_team()
    mine = services.care_assessment_save(team=team, year=YEAR, ratings=care_ratings("fully"))
    audit = _audit(team, care_ratings("partly"))
    assert (mine.kind, audit.kind, audit.audited_by) == ("self", "audit", "Carers' lead, the forum")
    assert set(mine.ratings.values_list("rating", flat=True)) == {"fully"}
    assert set(audit.ratings.values_list("rating", flat=True)) == {"partly"}
    with pytest.raises(ValidationError, match="already has a Triangle of Care audit"):
        _audit(team, care_ratings("fully"))


def test_an_audit_says_who_audited():
    """Line 749: an audit is by someone from outside the team, so it names them."""
    with pytest.raises(ValidationError, match="Say who audited"):
        _audit(make_team(), care_ratings(), by="  ")


def test_the_difference_is_shown_per_standard_in_steps(client_for):
    """Line 749: where the audit and the team's own view differ, standard by standard."""
    team = make_team(name="Harbour Ward")
    services.care_assessment_save(
        team=team, year=YEAR, ratings=_levels("fully", "fully", "partly", "not", "partly", "fully")
    )
    audit = _audit(team, _levels("fully", "partly", "fully", "not", "not", "partly"))

    rows = care_comparison(team=team, year=YEAR)
    assert [row.difference for row in rows] == [0, -1, 1, 0, -1, -1]
    assert rows[0].in_words == "The audit agrees"
    assert rows[1].in_words == "The audit rated it one step lower"
    assert rows[2].in_words == "The audit rated it one step higher"
    page = client_for("partnership_lead").get(reverse("teams:care-detail", args=[audit.pk])).content.decode()
    assert "Self-assessment and audit, standard by standard" in page
    assert "Audited by Carers&#x27; lead, the forum" in page


def test_a_team_lead_records_the_self_assessment_but_not_the_audit(client_for, personas):
    """Line 749: the audit comes from outside the team; its own lead may read it but not change it."""
    team = make_team(leads=[personas["team_lead"]])
    audit = _audit(team, care_ratings("partly"))
    lead = client_for("team_lead")
    assert lead.get(reverse("teams:care-audit-create", args=[team.pk])).status_code == 403
    assert lead.get(reverse("teams:care-detail", args=[audit.pk])).status_code == 200
    assert lead.get(reverse("teams:care-edit", args=[audit.pk])).status_code == 403


def test_the_partnership_records_an_audit_through_the_page(client_for, personas):
    team = make_team(name="Harbour Ward")
    data = {"year": YEAR, "audited_by": "Carers' lead, the forum"}
    for standard in CareStandard.objects.all():
        data[f"s{standard.pk}_rating"] = "partly"
        data[f"s{standard.pk}_evidence"] = "Carers told us so."
    response = client_for("partnership_lead").post(reverse("teams:care-audit-create", args=[team.pk]), data)
    assert response.status_code == 302
    audit = team.care_assessments.get(kind=CareKind.AUDIT)
    assert audit.audited_by == "Carers' lead, the forum" and audit.ratings.count() == 6
    missing = client_for("partnership_lead").post(
        reverse("teams:care-audit-create", args=[make_team().pk]), {**data, "audited_by": ""}
    )
    assert "Who audited" in missing.content.decode() and missing.status_code == 200


def test_the_trust_view_shows_progress_per_standard_without_naming_teams(client_for):
    """Line 749 at trust level: per standard, teams fully in place year by year, and how audits compare;
    hidden below three teams, no team named or ranked."""
    teams = [make_team(name=f"Team {n}") for n in "ABC"]
    for team, level in zip(teams, ["fully", "fully", "partly"], strict=True):
        services.care_assessment_save(team=team, year=YEAR, ratings=care_ratings(level))
    services.care_assessment_save(team=teams[0], year=YEAR - 1, ratings=care_ratings("partly"))
    for team, level in zip(teams, ["fully", "partly", "fully"], strict=True):
        _audit(team, care_ratings(level))

    progress = care_progress(year=YEAR)
    first = progress.rows[0]
    assert progress.years[-2:] == [YEAR - 1, YEAR]
    assert first.cells[-1] == (2, 3) and first.cells[-2] is None  # last year: one team only, hidden
    assert progress.audited_teams == 3
    assert first.audit_agreement == (1, 1, 1)  # B rated lower by the audit, A agreed, C higher
    page = (
        client_for("partnership_lead").get(reverse("teams:care-summary") + f"?year={YEAR}").content.decode()
    )
    assert "2 of 3" in page and "Team A" not in page


def test_audits_of_fewer_than_three_teams_are_not_compared_at_trust_level():
    teams = [make_team() for _ in range(2)]
    for team in teams:
        services.care_assessment_save(team=team, year=YEAR, ratings=care_ratings("fully"))
        _audit(team, care_ratings("partly"))
    progress = care_progress(year=YEAR)
    assert progress.audited_teams == 2 and all(row.audit_agreement is None for row in progress.rows)


def test_the_care_summary_for_a_year_out_of_range_shows_this_year(client_for):
    """A year far beyond any rating (typed into the address) shows this year's summary, not a server error."""
    response = client_for("partnership_lead").get(
        reverse("teams:care-summary") + "?year=99999999999999999999"
    )
    assert response.status_code == 200
