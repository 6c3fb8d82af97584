"""The outcomes chart: each pair's baseline against its follow-up, as SVG drawn by matplotlib on the server
(the same picture in the page, the printable page and the PDF). Dots above the grey line scored higher at
follow-up than at baseline."""

from collections.abc import Sequence

from warp.core.charts import inline_svg

BLUE = "#005eb8"  # NHS.UK blue, 4.5:1 on white
TEXT = "#212b32"
GREY = "#768692"


def pairs_chart_svg(points: Sequence[tuple[float, float]], *, title: str, cutoff: float | None) -> str:
    """A scatter of (baseline, follow-up), with the no-change line and the clinical cut-off if there is one."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5.0), dpi=100)
    xs = [b for b, _ in points]
    ys = [f for _, f in points]
    values = xs + ys + ([cutoff] if cutoff is not None else [])
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or 1.0
    ax.plot([low - pad, high + pad], [low - pad, high + pad], color=GREY, linewidth=1, label="No change")
    ax.scatter(xs, ys, color=BLUE, alpha=0.6, s=18, label="One student")
    if cutoff is not None:
        ax.axvline(cutoff, color=GREY, linestyle="--", linewidth=1)
        ax.axhline(cutoff, color=GREY, linestyle="--", linewidth=1, label="Clinical cut-off")
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("Baseline score", fontsize=9, color=TEXT)
    ax.set_ylabel("Follow-up score", fontsize=9, color=TEXT)
    ax.set_title(title, fontsize=11, color=TEXT, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    fig.tight_layout()
    svg = inline_svg(fig, salt="warp-outcomes", title=title)
    plt.close(fig)
    return svg
