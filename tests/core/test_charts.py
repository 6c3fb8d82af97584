"""Every chart is saved as inline SVG the same way (warp.core.charts.inline_svg)."""

import matplotlib

from warp.evaluation import charts as evaluation_charts
from warp.measures.charts import pairs_chart_svg


def _bar(title: str = "Students by age") -> str:
    # The drawn SVG is kept per process: draw afresh, as a first request would.
    evaluation_charts._drawn.cache_clear()
    return evaluation_charts.bar_chart_svg(["18 to 25", "26 to 40"], [4, 7], title=title)


def test_drawing_a_chart_leaves_matplotlib_settings_for_the_whole_process_unchanged():
    before = (matplotlib.rcParams["svg.fonttype"], matplotlib.rcParams["svg.hashsalt"])
    _bar()
    pairs_chart_svg([(10.0, 14.0), (12.0, 11.0)], title="Wellbeing", cutoff=None)
    assert (matplotlib.rcParams["svg.fonttype"], matplotlib.rcParams["svg.hashsalt"]) == before


def test_the_same_chart_is_the_same_file_whatever_chart_was_drawn_before_it():
    first = _bar()
    pairs_chart_svg([(10.0, 14.0), (12.0, 11.0)], title="Wellbeing", cutoff=None)
    assert _bar() == first


def test_chart_labels_stay_text_a_screen_reader_and_a_search_can_find():
    assert "18 to 25" in _bar()


def test_a_title_with_quotation_marks_still_names_the_chart():
    svg = _bar(title='Courses on "Understanding anxiety"')
    assert svg.startswith('<svg role="img" aria-label="Courses on &quot;Understanding anxiety&quot;"')
    assert "<title>Courses on &quot;Understanding anxiety&quot;</title>" in svg
