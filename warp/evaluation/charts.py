"""Charts drawn on the server by matplotlib: SVG for the page, the PDF and print; the same drawing as PNG for Word."""

import io
from collections.abc import Sequence
from functools import lru_cache

from warp.core.charts import inline_svg

# Colours from the NHS.UK palette with at least 4.5:1 contrast on white.
BAR = "#005eb8"
TEXT = "#212b32"


def bar_chart_svg(
    labels: Sequence[str], values: Sequence[float | str], *, title: str, xlabel: str = ""
) -> str:
    """A horizontal bar chart, largest at the top, as an inline SVG string with a <title> for screen readers.

    Values that are not numbers (for example "*" after small-number suppression) are drawn as 0 and labelled
    with the symbol, so the chart never shows more than the table beside it.

    Drawing takes matplotlib a few hundred milliseconds, so the SVG is kept (per process, for the last
    CHARTS_KEPT charts) under everything it is drawn from: the labels, each value with its type (1 and 1.0
    are labelled differently), the title and the axis label. The same numbers always give the same picture,
    and different numbers can never be given a picture drawn for others.
    """
    return _drawn(
        tuple(str(label) for label in labels),
        tuple((type(value).__name__, value) for value in values),
        str(title),
        str(xlabel),
    )


CHARTS_KEPT = 64


@lru_cache(maxsize=CHARTS_KEPT)
def _drawn(
    labels: tuple[str, ...], typed_values: tuple[tuple[str, object], ...], title: str, xlabel: str
) -> str:
    fig = _figure(labels, [value for _, value in typed_values], title, xlabel)
    svg = inline_svg(fig, salt="warp-evaluation", title=title)
    _close(fig)
    return svg


def bar_chart_png(
    labels: Sequence[str], values: Sequence[float | str], *, title: str, xlabel: str = "", dpi: int = 200
) -> bytes:
    """The same chart as `bar_chart_svg`, as a PNG, for documents that take only pictures (Word).

    Drawn by the same code, so the picture matches the SVG; kept the same way, under everything it is
    drawn from and the resolution.
    """
    return _drawn_png(
        tuple(str(label) for label in labels),
        tuple((type(value).__name__, value) for value in values),
        str(title),
        str(xlabel),
        int(dpi),
    )


@lru_cache(maxsize=CHARTS_KEPT)
def _drawn_png(
    labels: tuple[str, ...], typed_values: tuple[tuple[str, object], ...], title: str, xlabel: str, dpi: int
) -> bytes:
    fig = _figure(labels, [value for _, value in typed_values], title, xlabel)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    _close(fig)
    return buffer.getvalue()


def _figure(labels: tuple[str, ...], values: list[object], title: str, xlabel: str):
    """The chart's drawing, shared by every output: a matplotlib figure the caller saves and closes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    numbers = [float(v) if isinstance(v, int | float) else 0.0 for v in values]
    height = 0.9 + 0.42 * max(len(labels), 1)
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=100)
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), numbers, color=BAR)
    ax.set_yticks(list(positions), labels=[_wrap(label) for label in labels], fontsize=9, color=TEXT)
    for y, number, shown in zip(positions, numbers, values, strict=True):
        ax.text(number, y, f" {shown}", va="center", fontsize=9, color=TEXT)
    ax.set_title(title, fontsize=11, color=TEXT, loc="left")
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=9, color=TEXT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(left=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.15)
    fig.tight_layout()
    return fig


def _close(fig) -> None:
    from matplotlib import pyplot as plt

    plt.close(fig)


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
