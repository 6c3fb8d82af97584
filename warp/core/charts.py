"""Saving a matplotlib figure as an SVG to sit inside a page, the same way for every chart.

The settings are given for each save (never set for the whole process on import): labels stay real text
(smaller, selectable, readable by a screen reader), and the ids inside the file are made from `salt`, so the
same data always gives the same file whichever charts the process drew before.
"""

import io
import re
from typing import Any


def inline_svg(figure: Any, *, salt: str, title: str = "") -> str:
    """The figure as SVG without its XML prologue; with `title`, named for assistive technology."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    if not title:
        return svg
    safe = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return re.sub(r"<svg\b", f'<svg role="img" aria-label="{safe}"', svg, count=1).replace(
        ">", f"><title>{safe}</title>", 1
    )
