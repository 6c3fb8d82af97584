"""How a value in the report is written, the same in the page, the PDF and the Word document."""

from warp.partnership.document import Value

NOTHING = "–"  # an en dash: nothing to show (no data, or no answer to average)


def value_text(value: Value) -> str:
    """A figure's, cell's or bar's value as every format shows it: None as "–", anything else exactly as kept.

    No rounding or grouping of its own: decimals are shown with the places the section gave them (0.9 stays
    "0.9", 41.5 stays "41.5"), whole numbers without thousands separators (1234), and a withheld small number
    keeps its "*". The page's template filter `shown` calls this, so the three formats cannot drift apart.
    """
    if value is None:
        return NOTHING
    return str(value)
