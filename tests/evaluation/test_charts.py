"""Charts are kept once drawn, under everything they are drawn from."""

from warp.evaluation import charts

LABELS = ["Woman", "Man", "Non-binary"]


def test_the_same_numbers_are_not_drawn_twice():
    charts._drawn.cache_clear()
    first = charts.bar_chart_svg(LABELS, [12, 7, 3], title="Registered students", xlabel="Students")
    again = charts.bar_chart_svg(list(LABELS), [12, 7, 3], title="Registered students", xlabel="Students")
    assert again == first
    assert charts._drawn.cache_info().hits == 1 and charts._drawn.cache_info().misses == 1


def test_different_numbers_labels_or_titles_are_drawn_anew():
    charts._drawn.cache_clear()
    base = charts.bar_chart_svg(LABELS, [12, 7, 3], title="Registered students")
    changed = [
        charts.bar_chart_svg(LABELS, [12, 7, 4], title="Registered students"),
        charts.bar_chart_svg(LABELS, [12, 7, "*"], title="Registered students"),
        charts.bar_chart_svg(LABELS, [12.0, 7, 3], title="Registered students"),  # labelled "12.0"
        charts.bar_chart_svg(["Woman", "Man", "Another"], [12, 7, 3], title="Registered students"),
        charts.bar_chart_svg(LABELS, [12, 7, 3], title="Registered students by gender"),
        charts.bar_chart_svg(LABELS, [12, 7, 3], title="Registered students", xlabel="People"),
    ]
    assert charts._drawn.cache_info().hits == 0
    assert len({base, *changed}) == 1 + len(changed)
    assert all('aria-label="Registered students' in svg for svg in [base, *changed])


def test_the_png_is_the_same_drawing_as_the_svg_at_the_asked_resolution():
    import re
    import struct

    svg = charts.bar_chart_svg(LABELS, [12, 7, "*"], title="Registered students", xlabel="Students")
    png = charts.bar_chart_png(LABELS, [12, 7, "*"], title="Registered students", xlabel="Students", dpi=144)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    svg_width, svg_height = (
        float(n) for n in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    )
    assert (width, height) == (round(svg_width * 2), round(svg_height * 2))  # 144 dpi is 2 pixels a point
    charts._drawn_png.cache_clear()
    charts.bar_chart_png(LABELS, [12, 7, 3], title="Registered students", dpi=144)
    charts.bar_chart_png(LABELS, [12, 7, 3], title="Registered students", dpi=144)
    charts.bar_chart_png(LABELS, [12, 7, 3], title="Registered students", dpi=200)
    assert charts._drawn_png.cache_info().hits == 1 and charts._drawn_png.cache_info().misses == 2
