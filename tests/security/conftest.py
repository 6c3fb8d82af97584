import pytest
from django.db import transaction

from tests.personas import make_personas
from tests.test_url_access import build_world
from warp.core.forms import WarpFormMixin


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The role-by-URL table's records, built once per module (it takes seconds) inside a transaction that
    is rolled back afterwards; each test then runs in its own savepoint, as usual."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            personas = make_personas()
            yield build_world(personas)
            transaction.set_rollback(True)


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
