"""How long the partnership report takes to lay out as a page, a PDF and a Word document.

    .venv/bin/python -m bench.partnership_formats [--sections 10] [--tables-per-section 3] [--repeats 3]

Builds a `Report` by hand (no database: laying out is all that is timed), of invented sections each with
the lead's words, key figures, tables of 8 to 40 rows, a chart and a quote, and prints the first (cold:
every chart drawn anew) and the median of the later renders of each format, in seconds on the clock and of
CPU (the clock's figure grows when other work shares the machine's cores).
"""

import argparse
import os
import statistics
import time
from datetime import UTC, date, datetime


def synthetic_report(sections: int, tables_per_section: int):
    from warp.partnership.document import Chart, Figure, Figures, Narrative, Quote, Report, Section, Table

    report = Report(
        title="Partnership report",
        centre_name="Bench Recovery College",
        start=date(2025, 4, 1),
        end=date(2027, 3, 31),
        generated_at=datetime(2027, 4, 2, 9, 30, tzinfo=UTC),
        version="commissioner",
    )
    for s in range(1, sections + 1):
        blocks: list = [
            Narrative("A paragraph the partnership lead wrote about this part of the work.\n\nAnd a second."),
            Figures([Figure(f"Measure {i}", 100 * s + i) for i in range(1, 5)]),
        ]
        for t in range(1, tables_per_section + 1):
            rows = 8 + (s * t * 7) % 33
            blocks.append(
                Table(
                    f"Table {t} of section {s}",
                    ["Group", "Students", "Completed", "Percent"],
                    [
                        [f"Group {r}", 10 * r + s, "*" if r % 9 == 0 else 5 * r, round(50 + r / 3, 1)]
                        for r in range(rows)
                    ],
                    [False, True, True, True],
                )
            )
        blocks.append(
            Chart(f"Chart of section {s}", [f"Group {r}" for r in range(6)], [3 * r + s for r in range(6)])
        )
        blocks.append(Quote("It gave me somewhere to start again.", "A student"))
        report.sections.append(Section(key=f"section-{s}", title=f"Section {s}", blocks=blocks))
    report.number_items()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--tables-per-section", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warp.settings")
    import django

    django.setup()
    from warp.evaluation import charts
    from warp.partnership.render import render_docx, render_html, render_pdf

    report = synthetic_report(args.sections, args.tables_per_section)
    print(f"{len(report.sections)} sections, {len(report.tables())} tables, {len(report.charts())} charts")
    formats = {
        "html": lambda: render_html(report).encode(),
        "pdf": lambda: render_pdf(report, base_url="http://localhost/"),
        "docx": lambda: render_docx(report),
    }
    for name, render in formats.items():
        times, cpu, size = [], [], 0
        charts._drawn.cache_clear()  # each format's first render draws its charts anew
        charts._drawn_png.cache_clear()
        for _ in range(1 + args.repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            size = len(render())
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        later = statistics.median(times[1:]) if args.repeats else times[0]
        later_cpu = statistics.median(cpu[1:]) if args.repeats else cpu[0]
        print(
            f"{name:5} first {times[0]:6.2f} s ({cpu[0]:5.2f} s CPU)   "
            f"median after {later:6.2f} s ({later_cpu:5.2f} s CPU)   {size / 1024:5.0f} KiB"
        )


if __name__ == "__main__":
    main()
