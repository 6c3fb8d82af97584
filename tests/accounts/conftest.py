import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _cache_in_memory(settings):
    """Lockouts and used codes live in the cache: a fresh, in-memory one for every test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()
