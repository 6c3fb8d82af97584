"""`make bench` measures the partnership report's draft and writes it into the results table."""

import pytest

from bench.measure import measure_partnership
from bench.run import _partnership_lines

pytestmark = pytest.mark.django_db


def test_the_bench_times_the_partnership_draft_and_writes_its_line():
    measured = measure_partnership(1)
    assert measured["sections"] == 10  # every computed section; a draft has no narrative
    lines = "\n".join(_partnership_lines(measured))
    assert "| draft_report() |" in lines and "Measured, not asserted." in lines
