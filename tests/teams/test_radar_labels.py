"""Defect 2.18: the poster's radar labels stay inside the picture, even for long criterion names and in the
PDF's own font (WeasyPrint draws the SVG's text in a font that may be wider than the one measured)."""

from datetime import date

import pytest

from tests.teams.factories import make_round, make_team
from warp.teams.models import Perspective, TripCriterion

pytestmark = pytest.mark.django_db


def _inside(figure) -> list[str]:
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    axes = figure.axes[0]
    outside = []
    for label in axes.get_xticklabels():
        box = label.get_window_extent(renderer)
        spare = box.width / 3  # the poster's PDF font may be up to a third wider than the one measured
        if box.x0 - spare < page.x0 or box.x1 + spare > page.x1 or box.y0 < page.y0 or box.y1 > page.y1:
            outside.append(label.get_text())
    legend = axes.get_legend()
    if legend is not None:
        box = legend.get_window_extent(renderer)
        if box.y0 < page.y0 or box.x0 < page.x0 or box.x1 > page.x1:
            outside.append("the legend")
    return outside


@pytest.mark.parametrize("long_names", [False, True])
def test_every_radar_label_stays_inside_the_picture(long_names):
    from warp.teams.charts import radar_figure, radar_svg
    from warp.teams.queries import results_for_rounds

    if long_names:  # the longest a short name may be (40 characters), on every axis
        for criterion in TripCriterion.objects.all():
            criterion.short_name = f"Shared decisions and wellbeing plans {criterion.number:02d}"[:40]
            criterion.save()
    team = make_team(name="Harbour Ward")
    trip_round = make_round(
        team,
        held_on=date(2026, 1, 15),
        responses=[(Perspective.PERSON, 3), (Perspective.CARER, 4), (Perspective.STAFF, 2)],
    )
    results = results_for_rounds([trip_round])[trip_round.pk]
    assert _inside(radar_figure(results)) == []
    assert "Harbour" not in radar_svg(results) and "<svg" in radar_svg(results)
