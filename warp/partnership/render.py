"""Lay a `Report` out as a page, a PDF and a Word document. Nothing here counts: every number comes from the
report's blocks, and every value is written by `warp.partnership.values.value_text`, so the three agree."""

from __future__ import annotations

import io
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone

from warp.core.words import long_date
from warp.evaluation.charts import bar_chart_png, bar_chart_svg
from warp.partnership.document import (
    Chart,
    Figures,
    Narrative,
    NotKept,
    Quote,
    Report,
    Section,
    Table,
    Text,
)
from warp.partnership.values import value_text

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

LANGUAGE = "en-GB"


# The sentences every format shares (cover, title page, the page's opening lines).


def period_text(report: Report) -> str:
    return f"From {long_date(report.start)} to {long_date(report.end)}."


def version_name(report: Report) -> str:
    return {
        "full": "Full version",
        "commissioner": "Commissioners' version",
        "public": "Public version",
    }[report.version]


def version_note(report: Report) -> str:
    """What each version withholds. The full version says who it is for, since it may show small numbers."""
    if report.version == "full":
        return "Numbers from 1 to 7 are shown, so this version is for the partnership only."
    note = f"{version_name(report)}: numbers from 1 to 7 are shown as * so that nobody can be recognised"
    if report.version == "public":
        note += ", and nobody is named who has not agreed to be"
    return note + "."


def generated_text(report: Report) -> str:
    when = timezone.localtime(report.generated_at) if timezone.is_aware(report.generated_at) else None
    when = when or report.generated_at
    words = f"Generated on {long_date(when.date())} at {when:%H:%M}"
    return words + (f", from {report.data_note}." if report.data_note else ".")


def subject_text(report: Report) -> str:
    """The document's subject in its properties: the centre and the period."""
    return f"{report.centre_name}, {long_date(report.start)} to {long_date(report.end)}"


def figure_caption(chart: Chart) -> str:
    return f"Figure {chart.number}: {chart.caption}" if chart.number else chart.caption


def table_caption(table: Table) -> str:
    return f"Table {table.number}: {table.caption}" if table.number else table.caption


def chart_alt(chart: Chart) -> str:
    """The chart's alt text in the page and the PDF (the section gives its numbers in its text or a table)."""
    return f"Bar chart: {chart.caption}. The numbers are given in the text or a table."


def _chart_values(chart: Chart) -> list[float | str]:
    """Numbers are drawn as bars; anything else ("*", None) is drawn as 0 and labelled as the tables show it."""
    return [value if isinstance(value, int | float) else value_text(value) for value in chart.values]


def chart_svg(chart: Chart) -> str:
    """The chart drawn as SVG (vector, so it stays sharp in print)."""
    return bar_chart_svg(chart.labels, _chart_values(chart), title=figure_caption(chart), xlabel=chart.xlabel)


def chart_png(chart: Chart) -> bytes:
    """The same chart as a PNG at print resolution, for Word (which takes SVG only with a PNG fallback)."""
    return bar_chart_png(
        chart.labels, _chart_values(chart), title=figure_caption(chart), xlabel=chart.xlabel, dpi=200
    )


def _context(report: Report, *, print_: bool) -> dict[str, Any]:
    laid_out = [
        {
            "section": section,
            "blocks": [
                {
                    "block": block,
                    "svg": chart_svg(block) if isinstance(block, Chart) else "",
                    "alt": chart_alt(block) if isinstance(block, Chart) else "",
                }
                for block in section.blocks
            ],
        }
        for section in report.sections
    ]
    return {
        "report": report,
        "sections": laid_out,
        "print": print_,
        "period": period_text(report),
        "version_name": version_name(report),
        "version_note": version_note(report),
        "generated": generated_text(report),
        "subject": subject_text(report),
    }


def render_html(report: Report) -> str:
    """The report's body (sections and blocks) as HTML, to include in a page."""
    return render_to_string("partnership/_report_body.html", _context(report, print_=False))


def render_print_html(report: Report) -> str:
    """The whole report as one printable HTML document: cover, contents, sections (the PDF's source)."""
    return render_to_string("partnership/report_print.html", _context(report, print_=True))


def render_pdf(report: Report, *, base_url: str) -> bytes:
    """A print-quality PDF: cover, contents with page numbers, numbered tables and figures, vector charts.

    Made as PDF/UA-1 (WeasyPrint's `pdf_variant="pdf/ua-1"`, which turns on `pdf_tags`): the PDF is tagged
    (headings, paragraphs, lists, tables with their header cells, figures with the charts' alt text) in the
    reading order, says its language (en-GB, from `<html lang>`) and shows its title (from `<title>`) in the
    viewer's title bar, and carries the PDF/UA-1 identification in its XMP metadata. WeasyPrint calls its
    PDF/UA support experimental: the page footers are not marked as artifacts, and nobody has run a PDF/UA
    validator over the result, so it is "as accessible as WeasyPrint makes it", not a certified PDF/UA file.
    The sections become the PDF's bookmarks (CSS `bookmark-level`).
    """
    from weasyprint import HTML

    document = HTML(string=render_print_html(report), base_url=base_url)
    return document.write_pdf(pdf_variant="pdf/ua-1")


# The Word document. python-docx has no templates, so the layout is built here, block by block, the same
# blocks in the same order as the page's template; every value is written by value_text.


def render_docx(report: Report) -> bytes:
    """An editable Word document: title page, a contents field, a Heading 1 per section, real Word tables.

    Tables have a header row that repeats on each page and a caption "Table N: ..."; a chart is a PNG picture
    with alt text, its caption "Figure N: ...", and its numbers in a small table after it, so nothing is
    only in a picture. Word fills the contents in when the document is opened (it asks to update fields).
    """
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = Document()
    _word_defaults(document)
    _word_properties(document, report)

    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(report.centre_name, style="Subtitle")
    document.add_paragraph(period_text(report))
    version = document.add_paragraph()
    version.add_run(version_name(report)).bold = True
    document.add_paragraph(version_note(report))
    generated = document.add_paragraph(generated_text(report))
    generated.runs[0].font.size = Pt(9)
    generated.add_run().add_break(WD_BREAK.PAGE)

    document.add_paragraph("Contents", style="TOC Heading")
    _word_field(
        document.add_paragraph(),
        'TOC \\o "1-1" \\h \\z \\u',
        placeholder="Right-click here and choose Update Field to see the contents.",
    )
    document.add_paragraph(
        "Word fills in the contents with page numbers when it opens this document and asks to update "
        "fields. If the contents are empty or out of date, right-click them and choose Update Field."
    ).add_run().add_break(WD_BREAK.PAGE)

    for section in report.sections:
        _word_section(document, section)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_section(document: WordDocument, section: Section) -> None:
    document.add_heading(section.title, level=1)
    for paragraph in section.note_paragraphs:
        document.add_paragraph(paragraph)
    for block in section.blocks:
        if isinstance(block, Text):
            document.add_paragraph(block.text)
        elif isinstance(block, Narrative):
            for paragraph in block.paragraphs:
                document.add_paragraph(paragraph)
        elif isinstance(block, Figures):
            rows = [[item.label, item.value] for item in block.items]
            _word_table(document, rows, numeric=[False, True])
        elif isinstance(block, Table):
            _word_caption(document, table_caption(block))
            columns = len(block.columns)
            _word_table(
                document,
                block.rows,
                numeric=[block.is_numeric(i) for i in range(columns)],
                header=block.columns,
            )
            if block.note:
                _small(document.add_paragraph(block.note))
        elif isinstance(block, Chart):
            _word_chart(document, block)
        elif isinstance(block, Quote):
            _word_quote(document, block)
        elif isinstance(block, NotKept):
            _word_notice(document.add_paragraph(block.text))


def _word_chart(document: WordDocument, chart: Chart) -> None:
    from docx.shared import Cm

    picture = document.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    shape = picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    # python-docx has no public way to set a picture's alt text: it is the descr (and title) attribute of
    # the drawing's docPr element, which Word shows as the picture's "Alt Text".
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", f"Bar chart: {chart.caption}. Its numbers are in the table after it.")
    doc_pr.set("title", figure_caption(chart))
    _word_caption(document, figure_caption(chart))
    rows = [[label, value] for label, value in zip(chart.labels, chart.values, strict=False)]
    _word_table(document, rows, numeric=[False, True], header=["Bar", chart.xlabel or "Value"])


def _word_table(
    document: WordDocument, rows: list[list[Any]], *, numeric: list[bool], header: list[str] | None = None
) -> WordTable:
    """A Word table with an optional header row (bold, repeated at the top of each page it runs onto).

    Rows are filled through each row's own cells: `table.cell(r, c)` rebuilds the list of every cell in the
    table on each call.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    columns = len(header) if header else max((len(row) for row in rows), default=1)
    table = document.add_table(rows=len(rows) + (1 if header else 0), cols=columns)
    table.style = "Table Grid"
    all_rows = list(table.rows)
    if header:
        _repeat_as_header(all_rows[0])
        for i, cell in enumerate(all_rows[0].cells):
            run = cell.paragraphs[0].add_run(header[i])
            run.bold = True
            if i < len(numeric) and numeric[i]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        all_rows = all_rows[1:]
    for word_row, row in zip(all_rows, rows, strict=True):
        for i, cell in enumerate(word_row.cells):
            cell.paragraphs[0].add_run(value_text(row[i]) if i < len(row) else "")
            if i < len(numeric) and numeric[i]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()  # Word joins two tables that touch; a paragraph keeps them apart
    return table


def _repeat_as_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):  # in the schema's order: cantSplit comes before tblHeader
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _word_caption(document: WordDocument, text: str) -> Paragraph:
    """ "Table N: ..." or "Figure N: ...", kept on the page of the table it comes before."""
    caption = document.add_paragraph(text, style="Caption")
    caption.paragraph_format.keep_with_next = True
    return caption


def _word_quote(document: WordDocument, quote: Quote) -> None:
    from docx.shared import Cm

    words = document.add_paragraph(style="Quote")
    words.add_run(f"“{quote.text}”").italic = True
    words.paragraph_format.left_indent = Cm(1)
    words.paragraph_format.keep_with_next = True
    attribution = document.add_paragraph(quote.attribution)
    attribution.paragraph_format.left_indent = Cm(1)
    _small(attribution)


def _small(paragraph: Paragraph) -> None:
    from docx.shared import Pt

    for run in paragraph.runs:
        run.font.size = Pt(9)


def _word_notice(paragraph: Paragraph) -> None:
    """A note set apart as the page's inset text is: a blue bar on its left, on a pale grey ground."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for name, value in (("val", "single"), ("sz", "24"), ("space", "8"), ("color", "005EB8")):
        left.set(qn(f"w:{name}"), value)
    border.append(left)
    shading = OxmlElement("w:shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", "F0F4F5")):
        shading.set(qn(f"w:{name}"), value)
    later = ("w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")
    p_pr.insert_element_before(border, "w:shd", *later)
    p_pr.insert_element_before(shading, *later)
    paragraph.paragraph_format.left_indent = Cm(0.3)


def _word_field(paragraph: Paragraph, instruction: str, *, placeholder: str) -> None:
    """A Word field (TOC, PAGE): Word computes its result; `placeholder` shows until it does."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(fld_char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(fld_char("end"))


def _word_defaults(document: WordDocument) -> None:
    """A4 in British English (for spelling and screen readers); fields (the contents) updated when Word
    opens it; page numbers in the footer of every page after the title page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    styles = document.styles.element
    for lang in styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    for theme_lang in settings.xpath("./w:themeFontLang"):
        theme_lang.set(qn("w:val"), LANGUAGE)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.insert_element_before(update, "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat")

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4 (python-docx's template is US Letter)
    section.left_margin = section.right_margin = Mm(25)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _word_field(footer, "PAGE", placeholder="1")


def _word_properties(document: WordDocument, report: Report) -> None:
    properties = document.core_properties
    properties.title = report.title
    properties.subject = subject_text(report)
    properties.author = report.centre_name
    properties.last_modified_by = report.centre_name
    properties.comments = report.data_note
    properties.language = LANGUAGE
    properties.keywords = version_name(report)
    generated = report.generated_at
    if timezone.is_aware(generated):
        generated = generated.astimezone(UTC)
    properties.created = properties.modified = generated
    properties.revision = 1
