"""The report's three formats: the PDF (cover, contents with page numbers, tagged, vector charts), the Word
document (headings, contents field, real tables, charts with alt text) and the page show the same values."""

import base64
import io
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from warp.evaluation.charts import BAR, bar_chart_png
from warp.partnership.document import (
    Chart,
    Figure,
    Figures,
    Narrative,
    NotKept,
    Quote,
    Report,
    Section,
    Table,
    Text,
)
from warp.partnership.render import render_docx, render_html, render_pdf
from warp.partnership.values import value_text

LONG_ROWS = 90  # enough rows to run a table over at least two A4 pages


def _report() -> Report:
    """Every kind of block, a withheld "*", None, decimals and a table long enough to cross pages."""
    report = Report(
        title="Partnership report 2025 to 2027",
        centre_name="Example Recovery College",
        start=date(2025, 4, 1),
        end=date(2027, 3, 31),
        generated_at=datetime(2027, 4, 2, 9, 30, tzinfo=UTC),
        version="commissioner",
        data_note="records up to 31 March 2027",
        sections=[
            Section(
                key="foreword",
                title="Foreword",
                blocks=[Narrative("We began the year with a new venue.\n\nStudents shaped every course.")],
            ),
            Section(
                key="college",
                title="The college in numbers",
                note="Counted from the register.",
                blocks=[
                    Text("Everyone who registered in the period."),
                    Figures(
                        [
                            Figure("Students registered", 1234),
                            Figure("Mean age", 41.5),
                            Figure("Students who are carers", "*"),
                            Figure("Median wait", None),
                        ]
                    ),
                    Table(
                        "Students by self-selected identity",
                        ["Identity", "Students", "Share"],
                        [["Carer", 212, 0.25], ["Peer worker", "*", None], ["Other", 637, 0.75]],
                        [False, True, True],
                        note="Numbers from 1 to 7 are shown as *.",
                    ),
                    Chart(
                        "Students by self-selected identity",
                        ["Carer", "Peer worker", "Other"],
                        [212, "*", 637],
                        xlabel="Students",
                    ),
                    Quote("The course gave me my week back.", "A student"),
                    NotKept("Service use is not kept in WaRP yet."),
                ],
            ),
            Section(
                key="evaluation",
                title="The evaluation",
                blocks=[
                    Table(
                        "Would attend again by term",
                        ["Term", "Answered", "Would attend again (%)"],
                        [["Autumn 2025", 88, 93.2], ["Spring 2026", 79, None]],
                        [False, True, True],
                    ),
                    Chart("Changes students named", ["Confidence", "Hope"], [45, 38], xlabel="Students"),
                ],
            ),
            Section(
                key="courses",
                title="Courses run",
                blocks=[
                    Table(
                        "Every course run",
                        ["Course", "Places", "Completed"],
                        [[f"Course {i:03d}", 5000 + i, 7000 + 2 * i] for i in range(1, LONG_ROWS + 1)],
                        [False, True, True],
                    )
                ],
            ),
        ],
    )
    report.number_items()
    return report


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def report() -> Report:
    return _report()


@pytest.fixture(scope="module")
def pdf(report) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(report, base_url="http://testserver/")))


@pytest.fixture(scope="module")
def pdf_pages(pdf) -> list[str]:
    return [_words(page.extract_text()) for page in pdf.pages]


@pytest.fixture(scope="module")
def word(report):
    return docx.Document(io.BytesIO(render_docx(report)))


def _table_rows(table: Table) -> list[list[str]]:
    return [[value_text(v) for v in row] for row in [table.columns, *table.rows]]


# The one way a value is written.


def test_a_value_is_written_as_kept_with_a_dash_for_nothing():
    assert [value_text(v) for v in (None, 1234, 41.5, 0.9, "*", 0)] == ["–", "1234", "41.5", "0.9", "*", "0"]


# The PDF.


def test_the_pdf_has_a_cover_with_title_centre_period_and_version(pdf_pages):
    cover = pdf_pages[0]
    for words in (
        "Partnership report 2025 to 2027",
        "Example Recovery College",
        "From 1 April 2025 to 31 March 2027.",
        "Commissioners' version",
        "numbers from 1 to 7 are shown as * so that nobody can be recognised",
        "Generated on 2 April 2027 at 10:30, from records up to 31 March 2027.",
    ):
        assert words in cover
    assert "Page" not in cover  # no footer on the cover


def test_the_pdf_holds_every_section_caption_and_value(report, pdf_pages):
    body = " ".join(pdf_pages[2:])
    expected = [
        "We began the year with a new venue.",
        "Students shaped every course.",
        "Counted from the register.",
        "Everyone who registered in the period.",
        "Students registered 1234",
        "Mean age 41.5",
        "Students who are carers *",
        "Median wait –",
        "Numbers from 1 to 7 are shown as *.",
        "“The course gave me my week back.”",
        "A student",
        "Service use is not kept in WaRP yet.",
    ]
    expected += [section.title for section in report.sections]
    expected += [f"Table {t.number}: {t.caption}" for t in report.tables()]
    expected += [f"Figure {c.number}: {c.caption}" for c in report.charts()]
    expected += [" ".join(row) for table in report.tables() for row in _table_rows(table)]
    missing = [words for words in expected if words not in body]
    assert not missing


def test_the_pdf_contents_gives_the_page_each_section_starts_on(report, pdf_pages):
    contents = pdf_pages[1]
    assert contents.startswith("Contents")
    for section in report.sections:
        match = re.search(re.escape(section.title) + r"[ .]*?(\d+)(?= |$)", contents)
        assert match, f"{section.title} is not in the contents with a page number"
        page = int(match.group(1))
        heading_page = next(i for i, text in enumerate(pdf_pages[2:], start=3) if section.title in text)
        assert page == heading_page
    for table in report.tables():
        assert re.search(re.escape(f"Table {table.number}: {table.caption}") + r"[ .]*\d+", contents)
    for chart in report.charts():
        assert re.search(re.escape(f"Figure {chart.number}: {chart.caption}") + r"[ .]*\d+", contents)


def test_every_page_after_the_cover_is_numbered_in_its_footer(pdf_pages):
    total = len(pdf_pages)
    assert total > 3
    for number, text in enumerate(pdf_pages[1:], start=2):
        assert f"Page {number} of {total}" in text


def test_a_long_table_runs_over_pages_repeating_its_header_row(pdf_pages):
    first, last = (
        f"Course 001 {5001} {7002}",
        f"Course {LONG_ROWS:03d} {5000 + LONG_ROWS} {7000 + 2 * LONG_ROWS}",
    )
    start = next(i for i, text in enumerate(pdf_pages) if first in text)
    end = next(i for i, text in enumerate(pdf_pages) if last in text)
    assert end > start
    for text in pdf_pages[start : end + 1]:
        assert "Course Places Completed" in text


def test_the_pdf_is_tagged_titled_and_in_british_english(report, pdf):
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata.title == "Partnership report 2025 to 2027: Example Recovery College"
    assert pdf.metadata.subject == "Example Recovery College, 1 April 2025 to 31 March 2027"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()  # marked as PDF/UA-1
    tags = _structure(catalog["/StructTreeRoot"])
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/H2") == 1 + len(report.sections)  # the contents, then each section
    # Each table's caption once; a table running over pages is tagged as one table per page (WeasyPrint).
    assert kinds.count("/Caption") == len(report.tables()) + len(report.charts())
    assert kinds.count("/Table") >= len(report.tables()) and "/TH" in kinds and "/TD" in kinds
    alts = [alt for kind, alt in tags if kind == "/Figure"]
    assert alts == [
        f"Bar chart: {c.caption}. The numbers are given in the text or a table." for c in report.charts()
    ]


def test_the_pdf_bookmarks_are_the_contents_and_each_section(report, pdf):
    assert [item["/Title"] for item in pdf.outline] == ["Contents", *(s.title for s in report.sections)]


def test_charts_are_vector_drawings_in_the_pdf_not_pictures(report, pdf):
    assert _raster_images(pdf) == 0
    # Each bar is a path WeasyPrint's SVG drawing fills in the bars' colour (a "*" bar too, 0 wide), whether
    # matplotlib wrote the chart's words as outlines or as text.
    red, green, blue = (f"{int(BAR[i : i + 2], 16) / 255:f}".rstrip("0").rstrip(".") for i in (1, 3, 5))
    bar = re.compile(rf"{red} {green} {blue} rg\n\[\] 0 d\n".encode())
    drawn = sum(len(bar.findall(page.get_contents().get_data())) for page in pdf.pages)
    assert drawn == sum(len(chart.labels) for chart in report.charts())


def test_a_chart_drawn_as_a_picture_would_be_found(report):
    """The check above can fail: the same chart as a PNG in a PDF is counted as a raster image."""
    from weasyprint import HTML

    png = bar_chart_png(["A", "B"], [1, 2], title="Raster")
    html = f'<html lang="en-GB"><img alt="x" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
    assert _raster_images(PdfReader(io.BytesIO(HTML(string=html).write_pdf()))) == 1


def _raster_images(reader: PdfReader) -> int:
    def count(resources) -> int:
        found = 0
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found += 1
            elif xobject["/Subtype"] == "/Form":
                found += count(xobject.get("/Resources"))
        return found

    return sum(count(page.get("/Resources")) for page in reader.pages)


def _structure(root) -> list[tuple[str, str | None]]:
    """Every structure element's tag and alt text, in document order."""
    found: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append((node["/S"], node.get("/Alt")))
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            if not isinstance(kid, int):
                walk(kid)

    walk(root)
    return found


# The Word document.


def _blocks(word) -> list:
    return list(word.iter_inner_content())


def test_each_section_is_a_heading_1_for_word_navigation(report, word):
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [section.title for section in report.sections]
    assert word.paragraphs[0].style.name == "Title"


def test_the_word_document_has_a_contents_field_word_fills_on_opening(word):
    instructions = [i.text for i in word.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert any("right-click them and choose Update Field" in p.text for p in word.paragraphs)


def test_word_tables_follow_their_captions_with_every_value_in_order(report, word):
    blocks = _blocks(word)
    for table in report.tables():
        caption = next(
            i
            for i, b in enumerate(blocks)
            if getattr(b, "text", None) == f"Table {table.number}: {table.caption}"
        )
        word_table = blocks[caption + 1]
        assert [[cell.text for cell in row.cells] for row in word_table.rows] == _table_rows(table)
        header = word_table.rows[0]._tr
        assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats on each page
        right = [c.paragraphs[0].alignment is not None for c in word_table.rows[1].cells]
        assert right == [table.is_numeric(i) for i in range(len(table.columns))]


def test_word_charts_are_pictures_with_alt_text_a_caption_and_their_numbers(report, word):
    blocks = _blocks(word)
    pictures = [p for p in word.inline_shapes]
    assert [s._inline.docPr.get("descr") for s in pictures] == [
        f"Bar chart: {c.caption}. Its numbers are in the table after it." for c in report.charts()
    ]
    for chart in report.charts():
        caption = next(
            i
            for i, b in enumerate(blocks)
            if getattr(b, "text", None) == f"Figure {chart.number}: {chart.caption}"
        )
        assert blocks[caption - 1]._p.xpath(".//pic:pic")  # the picture, just above its caption
        numbers = [[cell.text for cell in row.cells] for row in blocks[caption + 1].rows]
        assert numbers[1:] == [
            [label, value_text(v)] for label, v in zip(chart.labels, chart.values, strict=True)
        ]


def test_word_shows_figures_quotes_and_notices(word):
    texts = [
        b.text if hasattr(b, "text") else [[c.text for c in r.cells] for r in b.rows] for b in _blocks(word)
    ]
    assert [
        ["Students registered", "1234"],
        ["Mean age", "41.5"],
        ["Students who are carers", "*"],
        ["Median wait", "–"],
    ] in texts
    quote = next(p for p in word.paragraphs if "my week back" in p.text)
    assert quote.text == "“The course gave me my week back.”" and quote.runs[0].italic
    assert quote.paragraph_format.left_indent
    notice = next(p for p in word.paragraphs if p.text == "Service use is not kept in WaRP yet.")
    assert notice._p.pPr.find(qn("w:pBdr")) is not None  # set apart with a bar, as on the page
    assert "Commissioners' version" in texts and "We began the year with a new venue." in texts


def test_the_word_document_is_a4_and_says_its_title_subject_and_language(word):
    page = word.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    properties = word.core_properties
    assert properties.title == "Partnership report 2025 to 2027"
    assert properties.subject == "Example Recovery College, 1 April 2025 to 31 March 2027"
    assert properties.language == "en-GB"
    defaults = word.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert defaults.get(qn("w:val")) == "en-GB"


# All three agree.


class _HtmlTables(HTMLParser):
    """The text of every cell of every <table>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append(_words("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_page_the_pdf_and_word_show_the_same_value_in_every_table_cell(report, pdf_pages, word):
    page = _HtmlTables()
    page.feed(render_html(report))
    blocks = _blocks(word)
    word_tables = []
    for table in report.tables():
        caption = next(
            i
            for i, b in enumerate(blocks)
            if getattr(b, "text", None) == f"Table {table.number}: {table.caption}"
        )
        word_tables.append([[cell.text for cell in row.cells] for row in blocks[caption + 1].rows])
    assert page.tables == word_tables
    assert any("–" in row for table in word_tables for row in table)  # None is shown, the same way
    body, at = " ".join(pdf_pages[2:]), 0
    for table in page.tables:
        for row in table:
            found = body.find(" ".join(row), at)
            assert found >= 0, f"{row} is not in the PDF after the row before it"
            at = found
