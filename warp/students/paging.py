"""A paginator for searches that counts at most SEARCH_COUNT_CAP matches.

A short search in a big centre ("a") can match most students: counting them all costs as much as the
search itself, and nobody pages through thousands of names. Past the cap the list says to add more.
"""

from functools import cached_property

from django.core.paginator import Paginator

SEARCH_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    cap = SEARCH_COUNT_CAP

    @cached_property
    def counted(self) -> int:
        """How many match, counting no further than one past the cap (one query). Unordered: which rows are
        counted does not matter, and sorting every match first cost more than the count."""
        return self.object_list.order_by()[: self.cap + 1].count()  # type: ignore[attr-defined]  # a QuerySet

    @property
    def cap_text(self) -> str:
        return f"{self.cap:,}"

    @property
    def over_cap(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        """The students the pages show: the first `cap` when more match."""
        return min(self.counted, self.cap)
