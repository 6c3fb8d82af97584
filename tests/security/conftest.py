import pytest

from tests.test_url_access import records_built_once
from warp.core.forms import WarpFormMixin


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The role-by-URL table's records, built once per module (see `records_built_once`)."""
    yield from records_built_once(django_db_blocker)


@pytest.fixture
def forms_made(monkeypatch):
    """Every WaRP form class instantiated while the test runs, so a test can show it fuzzed the forms it
    names."""
    made: set[type] = set()
    original = WarpFormMixin.__init__

    def recording_init(self, *args, **kwargs):
        made.add(type(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(WarpFormMixin, "__init__", recording_init)
    return made
