"""Lay a `Report` out as a page. Nothing here counts: every number comes from the report's blocks."""

from django.template.loader import render_to_string

from warp.evaluation.charts import bar_chart_svg
from warp.partnership.document import Chart, Report


def chart_svg(chart: Chart) -> str:
    """The chart drawn as SVG (vector, so it stays sharp in print)."""
    title = f"Figure {chart.number}: {chart.caption}" if chart.number else chart.caption
    values = ["–" if value is None else value for value in chart.values]
    return bar_chart_svg(chart.labels, values, title=title, xlabel=chart.xlabel)


def render_html(report: Report) -> str:
    """The report's body (sections and blocks) as HTML, to include in a page."""
    laid_out = [
        {
            "section": section,
            "blocks": [
                {"block": block, "svg": chart_svg(block) if isinstance(block, Chart) else ""}
                for block in section.blocks
            ],
        }
        for section in report.sections
    ]
    return render_to_string("partnership/_report_body.html", {"report": report, "sections": laid_out})
