"""The app's settings, plus the floor page: a minimal view through the same middleware, session and base
template, reachable only in benchmarks (ROOT_URLCONF points at bench/urls.py, which includes the app's)."""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
os.environ.setdefault("WARP_DATA_DIR", str(BENCH_DIR / "work" / "data"))

from warp.settings import *  # noqa: E402,F403
from warp.settings import TEMPLATES  # noqa: E402

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]
# Sign-ins use force_login; emails would go to a worker nobody runs here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
