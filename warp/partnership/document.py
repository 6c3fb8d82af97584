"""The partnership report as plain data: sections of blocks, rendered by `render.py` and kept as JSON.

Each section is built from the one computation that already serves its page (`sections.py`); the renderers
only lay the blocks out (a page, a PDF, a Word document), so no format counts anything of its own. When an
edition is published its `Report` is kept with `report_to_dict` and read back with `report_from_dict`, so a
published report never changes when new data arrives.

Values in figures, tables and charts are whole numbers, decimals, text (for example "*" where a small
number is withheld) or None (nothing to show). Tables and charts are numbered in reading order by
`Report.number_items()`, which every builder calls once the sections are in their final order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, Literal

Value = int | float | str | None


def paragraphs(text: str) -> list[str]:
    """Words typed in a box, as paragraphs: a blank line starts a new one."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


# Who the report is for: everything the partnership may see, the commissioner's version (small numbers
# withheld) and the public version (small numbers withheld, and nothing named that has not agreed to be).
VERSIONS = ("full", "commissioner", "public")
Version = Literal["full", "commissioner", "public"]


@dataclass
class Text:
    """Words computed from the data, e.g. "From 1 April 2025 to 31 March 2027."."""

    text: str
    kind: ClassVar[str] = "text"


@dataclass
class Narrative:
    """The partnership lead's own words. Paragraphs are separated by a blank line."""

    text: str
    kind: ClassVar[str] = "narrative"

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.text)


@dataclass
class Figure:
    label: str
    value: Value


@dataclass
class Figures:
    """Key figures, shown as a short list of label and value."""

    items: list[Figure]
    kind: ClassVar[str] = "figures"


@dataclass
class Table:
    """A numbered table. `numeric[i]` says whether column i holds numbers (right-aligned)."""

    caption: str
    columns: list[str]
    rows: list[list[Value]]
    numeric: list[bool] = field(default_factory=list)
    note: str = ""
    number: int | None = None
    kind: ClassVar[str] = "table"

    def is_numeric(self, index: int) -> bool:
        return index < len(self.numeric) and self.numeric[index]

    def header(self) -> list[tuple[str, bool]]:
        """Each column's heading, with whether it holds numbers."""
        return [(column, self.is_numeric(i)) for i, column in enumerate(self.columns)]

    def cells(self) -> list[list[tuple[Value, bool]]]:
        """Each row's values, each with whether its column holds numbers (for alignment)."""
        return [[(value, self.is_numeric(i)) for i, value in enumerate(row)] for row in self.rows]


@dataclass
class Chart:
    """A numbered horizontal bar chart; its numbers are always also given in a table or the text."""

    caption: str
    labels: list[str]
    values: list[Value]
    xlabel: str = ""
    number: int | None = None
    kind: ClassVar[str] = "chart"


@dataclass
class Quote:
    """Someone's words from the quote library, attributed by role only."""

    text: str
    attribution: str
    kind: ClassVar[str] = "quote"


@dataclass
class NotKept:
    """Said plainly where a section's data is not kept in WaRP (yet), instead of leaving it out."""

    text: str
    kind: ClassVar[str] = "not_kept"


Block = Text | Narrative | Figures | Table | Chart | Quote | NotKept
BLOCK_TYPES: dict[str, type] = {
    cls.kind: cls for cls in (Text, Narrative, Figures, Table, Chart, Quote, NotKept)
}


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    note: str = ""  # the partnership lead's note for this section, shown before its blocks

    @property
    def note_paragraphs(self) -> list[str]:
        return paragraphs(self.note)


@dataclass
class Report:
    title: str
    centre_name: str
    start: date
    end: date
    generated_at: datetime
    version: Version = "full"
    sections: list[Section] = field(default_factory=list)
    data_note: str = ""  # which data it was made from, e.g. "records up to 31 March 2027, data version 412"

    def number_items(self) -> None:
        """Number tables and charts separately, in reading order: Table 1, Table 2...; Figure 1..."""
        tables = charts = 0
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    tables += 1
                    block.number = tables
                elif isinstance(block, Chart):
                    charts += 1
                    block.number = charts

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


def _block_to_dict(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": block.kind}
    for f in fields(block):
        value = getattr(block, f.name)
        if isinstance(block, Figures) and f.name == "items":
            value = [{"label": item.label, "value": item.value} for item in value]
        data[f.name] = value
    return data


def _block_from_dict(data: dict[str, Any]) -> Block:
    data = dict(data)
    cls = BLOCK_TYPES[data.pop("kind")]
    if cls is Figures:
        return Figures(items=[Figure(**item) for item in data["items"]])
    return cls(**data)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (the snapshot kept when an edition is published)."""
    return {
        "title": report.title,
        "centre_name": report.centre_name,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "generated_at": report.generated_at.isoformat(),
        "version": report.version,
        "data_note": report.data_note,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "note": s.note,
                "blocks": [_block_to_dict(b) for b in s.blocks],
            }
            for s in report.sections
        ],
    }


def report_from_dict(data: dict[str, Any]) -> Report:
    return Report(
        title=data["title"],
        centre_name=data["centre_name"],
        start=date.fromisoformat(data["start"]),
        end=date.fromisoformat(data["end"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        version=data["version"],
        data_note=data.get("data_note", ""),
        sections=[
            Section(
                key=s["key"],
                title=s["title"],
                note=s.get("note", ""),
                blocks=[_block_from_dict(b) for b in s["blocks"]],
            )
            for s in data["sections"]
        ],
    )
