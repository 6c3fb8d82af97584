"""Every teams service (and every prospectus one) takes explicit, typed, keyword-only arguments: no
`**fields` that lets a caller set any column, no untyped argument a mistake can slip through."""

import inspect

import pytest

from warp.prospectus import services as prospectus_services
from warp.teams import services as teams_services


def _services(module) -> list:
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    ]


def _problems(function) -> list[str]:
    problems = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is parameter.VAR_KEYWORD:
            problems.append(f"takes **{parameter.name}")
        elif parameter.kind is parameter.VAR_POSITIONAL:
            problems.append(f"takes *{parameter.name}")
        elif parameter.kind is not parameter.KEYWORD_ONLY:
            problems.append(f"{parameter.name} is not keyword-only")
        if parameter.annotation is parameter.empty:
            problems.append(f"{parameter.name} has no type")
    return problems


@pytest.mark.parametrize("module", [teams_services, prospectus_services], ids=lambda m: m.__name__)
def test_every_service_takes_explicit_typed_keyword_only_arguments(module):
    found = {f.__name__: _problems(f) for f in _services(module)}
    assert found, "no services found: the test is not looking"
    # Read-side helpers beside the services (they change nothing) may take positional arguments.
    helpers = {"course_run_publish_problems", "course_run_people_to_tell"}
    assert {name: p for name, p in found.items() if p and name not in helpers} == {}


def test_the_signature_check_sees_fields_and_untyped_arguments():
    def work_item_update(*, item, **fields): ...

    assert _problems(work_item_update) == ["item has no type", "takes **fields", "fields has no type"]
