"""The report's plain data: numbering in reading order, and a published snapshot read back unchanged."""

from datetime import UTC, date, datetime

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
    report_from_dict,
    report_to_dict,
)
from warp.partnership.render import render_html


def _report() -> Report:
    report = Report(
        title="Partnership report",
        centre_name="Example Recovery College",
        start=date(2025, 4, 1),
        end=date(2027, 3, 31),
        generated_at=datetime(2027, 4, 2, 9, 30, tzinfo=UTC),
        sections=[
            Section(key="foreword", title="Foreword", blocks=[Narrative("First.\n\nSecond.")]),
            Section(
                key="college",
                title="The college in numbers",
                note="A note.",
                blocks=[
                    Text("From the register."),
                    Figures([Figure("Students", 1234), Figure("Mean age", 41.5)]),
                    Table(
                        "By identity",
                        ["Identity", "Students"],
                        [["Carer", 12], ["Other", "*"]],
                        [False, True],
                    ),
                    Chart("By identity", ["Carer", "Other"], [12, "*"]),
                    Table("By term", ["Term", "Would attend again"], [["Autumn", 0.9]], [False, True]),
                    Quote("It helped.", "A student"),
                    NotKept("Service use is not kept in WaRP yet."),
                ],
            ),
        ],
    )
    report.number_items()
    return report


def test_tables_and_charts_are_numbered_separately_in_reading_order():
    report = _report()
    assert [t.number for t in report.tables()] == [1, 2]
    assert [c.number for c in report.charts()] == [1]


def test_a_snapshot_reads_back_as_the_same_report():
    report = _report()
    assert report_from_dict(report_to_dict(report)) == report


def test_the_page_shows_every_block():
    html = render_html(_report())
    for words in (
        "Second.",
        "A note.",
        "1234",
        "Table 2: By term",
        "Figure 1: By identity",
        "It helped.",
        "Service use is not kept in WaRP yet.",
        "From 1 April 2025 to 31 March 2027.",
    ):
        assert words in html


def test_the_page_writes_nothing_as_a_dash_and_says_which_version_it_is():
    report = _report()
    report.version = "commissioner"
    figures = report.sections[1].blocks[1]
    assert isinstance(figures, Figures)
    figures.items.append(Figure("Median wait", None))
    html = render_html(report)
    assert '<dd class="nhsuk-summary-list__value">–</dd>' in html
    assert "Commissioners&#x27; version: numbers from 1 to 7 are shown as * so that nobody" in html
