"""Charts for a network meeting and for the centre's own fidelity, drawn by matplotlib as SVG on the server
(the same picture in the page and the PDF)."""

from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from warp.core.charts import inline_svg  # noqa: E402

TEXT = "#212b32"
BAR = "#005eb8"
OWN = "#d5281b"
BAND = "#aed4f5"
# Colour-blind-safe (Okabe-Ito) colours and markers, one per component in the ratings chart.
LINES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _svg(figure: Figure, title: str) -> str:
    return inline_svg(figure, salt="warp-network", title=title)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def position_svg(
    *, title: str, names: Sequence[str], values: Sequence[Any], own: Sequence[bool], spread: Any
) -> str:
    """Each centre's rate as a bar, with the network's middle half (lower to upper quartile) shaded and its
    median drawn across; a centre whose rate is suppressed is labelled "*" and drawn as nothing."""
    figure = Figure(figsize=(7.5, 1.2 + 0.4 * max(len(names), 1)), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(names)))[::-1]
    numbers = [_number(v) or 0.0 for v in values]
    if spread.lower_quartile is not None:
        axes.axvspan(spread.lower_quartile, spread.upper_quartile, color=BAND, label="Middle half of centres")
        axes.axvline(spread.median, color=TEXT, linestyle="--", label=f"Network median {spread.median:g}%")
    colours = [OWN if mine else BAR for mine in own]
    axes.barh(positions, numbers, color=colours, height=0.6)
    for y, number, shown in zip(positions, numbers, values, strict=True):
        label = "*" if shown == "*" else ("–" if shown is None else f"{shown:g}%")
        axes.text(number, y, f" {label}", va="center", fontsize=9, color=TEXT)
    axes.set_yticks(positions, labels=list(names), fontsize=9, color=TEXT)
    axes.set_xlim(0, 110)
    axes.set_xlabel("Per cent", fontsize=9, color=TEXT)
    axes.set_title(title, fontsize=11, color=TEXT, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    if spread.lower_quartile is not None:
        axes.legend(fontsize=8, loc="lower right", frameon=False)
    figure.tight_layout()
    return _svg(figure, title)


def fidelity_spread_svg(fidelity: Sequence[Any], *, own: dict[str, int] | None = None) -> str:
    """Each component's levels across the centres: the range from the lower to the upper quartile as a bar,
    the median as a diamond, and (for a member centre) its own level as a dot."""
    title = "Fidelity by component across the network"
    figure = Figure(figsize=(7.5, 1.3 + 0.5 * max(len(fidelity), 1)), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(fidelity)))[::-1]
    top = max([row.out_of for row in fidelity] or [1])
    for y, row in zip(positions, fidelity, strict=True):
        if row.median is None:
            continue
        axes.barh(
            y,
            row.upper_quartile - row.lower_quartile or 0.08,
            left=row.lower_quartile,
            color=BAND,
            height=0.5,
        )
        axes.plot(row.median, y, marker="D", color=BAR, markersize=8, linestyle="none")
        if own and own.get(row.code) is not None:
            axes.plot(own[row.code], y, marker="o", color=OWN, markersize=7, linestyle="none")
    axes.set_yticks(positions, labels=[row.name for row in fidelity], fontsize=9, color=TEXT)
    axes.set_xlim(0.5, top + 0.5)
    axes.set_xticks(range(1, top + 1))
    key = "shaded: middle half of centres; diamond: median" + ("; dot: your centre" if own else "")
    axes.set_xlabel(f"Level ({key})", fontsize=9, color=TEXT)
    axes.set_title(title, fontsize=11, color=TEXT, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _svg(figure, title)


def ratings_over_time_svg(ratings: Sequence[Any]) -> str:
    """The centre's ratings over time: one line per component, levels up the side, dates along."""
    title = "Your centre's fidelity ratings over time"
    figure = Figure(figsize=(7.5, 4), dpi=100)
    axes = figure.add_subplot()
    lines: dict[str, list[Any]] = {}
    for rating in ratings:
        lines.setdefault(rating.component.name, []).append(rating)
    top = 1
    for index, (name, points) in enumerate(lines.items()):
        top = max(top, *(p.level for p in points))
        axes.plot(
            [p.rated_on for p in points],
            [p.level for p in points],
            marker=MARKERS[index % len(MARKERS)],
            color=LINES[index % len(LINES)],
            label=name,
        )
    axes.set_ylim(0.5, top + 0.5)
    axes.set_yticks(range(1, top + 1))
    axes.set_ylabel("Level", fontsize=9, color=TEXT)
    axes.set_title(title, fontsize=11, color=TEXT, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    if lines:
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    figure.autofmt_xdate()
    figure.tight_layout()
    return _svg(figure, title)
