"""The reports the API serves: one line each in REPORTS.

Each report's endpoint is `/api/v1/reports/<name>/<path>` and answers with exactly the JSON its own
download (and `warp report <name> --format json`) gives for the same arguments; a commissioner's token gets
the suppressed form, as `--suppress` gives. To add a report: write its `json(**arguments, suppress=...)`
(reusing the report's own computation and JSON export), a serializer for its query string if it takes one,
and add its line below; its URL, access rule and schema follow (tests/api/url_access.py needs its row).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from rest_framework import serializers

from warp.evaluation import exports
from warp.evaluation.cli import report_for
from warp.evaluation.queries import term_report
from warp.evaluation.views import REPORT_ROLES, TERM_REPORT_ROLES
from warp.prospectus.models import Term


class Period(serializers.Serializer):
    start = serializers.DateField(input_formats=["iso-8601"], help_text="The first day, YYYY-MM-DD.")
    end = serializers.DateField(input_formats=["iso-8601"], help_text="The last day, YYYY-MM-DD.")

    def validate(self, attrs: dict) -> dict:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "The last day must be on or after the first day."})
        return attrs


class NoQuery(serializers.Serializer):
    pass


def evaluation_json(*, start, end, suppress: bool) -> str:
    """`warp report evaluation --start START --end END --format json [--suppress]`."""
    return exports.report_json(report_for(start=start, end=end, suppress=suppress))


def term_json(*, pk: int, suppress: bool) -> str:
    """The term report's JSON download (reports/terms/<pk>/report.json); only managers see it, unsuppressed."""
    return exports.report_json(term_report(get_object_or_404(Term, pk=pk)))


@dataclass(frozen=True)
class ApiReport:
    roles: tuple[str, ...]  # the roles whose page shows this report
    json: Callable[..., str]  # the report's JSON text, from its query's values and the path's, and `suppress`
    query: type[serializers.Serializer] = NoQuery  # what its query string takes
    path: str = ""  # what its address takes after /api/v1/reports/<name>/, for example "<int:pk>/"
    path_parameters: tuple[str, ...] = field(default=())  # names of the path's values, for the schema


REPORTS: dict[str, ApiReport] = {
    "evaluation": ApiReport(roles=REPORT_ROLES, json=evaluation_json, query=Period),
    "term": ApiReport(roles=TERM_REPORT_ROLES, json=term_json, path="<int:pk>/", path_parameters=("pk",)),
}
