import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Lockouts and used codes live in the (in-memory, see tests/conftest.py) cache: empty for each test."""
    cache.clear()
    yield
    cache.clear()
