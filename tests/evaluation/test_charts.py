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
