"""The TRIP radar chart, drawn on the server as SVG so the page, the PDF and the poster show the same thing."""

import math
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from warp.core.charts import inline_svg  # noqa: E402
from warp.teams.queries import PERSPECTIVES, RoundResults  # noqa: E402

# Colour-blind-safe (Okabe-Ito) colours, and a different line style for each line too.
STYLES = {
    "person": ("#0072B2", "-", "o"),
    "carer": ("#D55E00", "--", "s"),
    "staff": ("#009E73", "-.", "^"),
    "overall": ("#000000", "-", "D"),
}


def _values(results: RoundResults, key: str) -> list[float | None]:
    values = [c.overall if key == "overall" else c.by_perspective.get(key) for c in results.criteria]
    return [None if v is None else float(v) for v in values]


def radar_svg(results: RoundResults, baseline: RoundResults | None = None) -> str:
    """One line per perspective plus the overall; the baseline round's overall drawn faintly behind."""
    return inline_svg(radar_figure(results, baseline), salt="warp-trip")


SPARE = 0.36  # of a label's width, kept clear at the picture's sides (see _keep_labels_inside)


def _keep_labels_inside(figure: Figure, axes: Any, angles: list[float]) -> None:
    """Anchor each criterion's label on the side of the circle it sits (left of the circle: its right
    edge; right: its left edge), then shrink the circle until every label, and the legend, fits inside the
    picture: long criterion names used to run off its edges on the poster."""
    for label, angle in zip(axes.get_xticklabels(), angles, strict=True):
        across = math.sin(angle)  # clockwise from the top: positive is the right-hand side
        label.set_horizontalalignment("left" if across > 0.1 else "right" if across < -0.1 else "center")
    axes.tick_params(axis="x", pad=6)
    for _ in range(12):
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas
        page = figure.bbox
        boxes = [label.get_window_extent(renderer) for label in axes.get_xticklabels()]
        legend = axes.get_legend()
        if legend is not None:
            boxes.append(legend.get_window_extent(renderer))
        # The poster's PDF draws the labels in its own font, which can be wider than the one measured here:
        # keep a third of each label's width (and more) spare at the sides, and a few pixels above and below.
        over = max(
            [0.0]
            + [page.x0 + max(6, SPARE * box.width) - box.x0 for box in boxes]
            + [box.x1 - (page.x1 - max(6, SPARE * box.width)) for box in boxes]
            + [page.y0 + 6 - box.y0 for box in boxes]
            + [box.y1 - (page.y1 - 6) for box in boxes]
        )
        if over <= 0:
            return
        position = axes.get_position()
        shrink = min(0.9, max(0.5, 1 - 2.2 * over / min(page.width, page.height)))
        width, height = position.width * shrink, position.height * shrink
        axes.set_position(
            [
                position.x0 + (position.width - width) / 2,
                position.y0 + (position.height - height) / 2,
                width,
                height,
            ]
        )


def radar_figure(results: RoundResults, baseline: RoundResults | None = None) -> Figure:
    """The radar as a matplotlib figure, every label inside it (radar_svg writes it out)."""
    labels = ["\n".join(textwrap.wrap(c.criterion.short_name, 14)) for c in results.criteria]
    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)]
    figure = Figure(figsize=(7, 6.4))
    FigureCanvasAgg(figure)  # a canvas to measure the labels' text with (_keep_labels_inside)
    axes: Any = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=8, color="#555555")
    axes.set_xticks(angles)
    axes.set_xticklabels(labels, fontsize=8.5)

    def draw(values, colour, style, marker, label, faint=False):
        points = [(a, v) for a, v in zip(angles, values, strict=True) if v is not None]
        if not points:
            return
        xs = [a for a, _ in points] + [points[0][0]]
        ys = [v for _, v in points] + [points[0][1]]
        axes.plot(
            xs,
            ys,
            color=colour,
            linestyle=style,
            marker=None if faint else marker,
            linewidth=1.2 if faint else 2,
            alpha=0.5 if faint else 1,
            label=label,
        )
        if faint:  # a light grey shape behind, so the baseline reads as background, not as another line
            axes.fill(xs, ys, color=colour, alpha=0.12)

    if baseline is not None and baseline.round.pk != results.round.pk:
        draw(
            _values(baseline, "overall"),
            "#768692",
            ":",
            None,
            f"Baseline ({baseline.round.held_on:%b %Y})",
            True,
        )
    for key, label in [*PERSPECTIVES, ("overall", "Overall")]:
        colour, style, marker = STYLES[key]
        draw(_values(results, key), colour, style, marker, label)
    if axes.get_legend_handles_labels()[0]:  # a round with no scores yet draws no lines, so no legend
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=8, frameon=False)
    figure.subplots_adjust(top=0.9, bottom=0.22)
    _keep_labels_inside(figure, axes, angles)
    return figure
