"""One settings module. Every value comes from an environment variable with a safe local default.

See the README's "Configuration" section for the list.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from warp.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("WARP_DATA_DIR", str(BASE_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """A key generated once into data/ so a laptop install needs no configuration."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = env("SECRET_KEY") or _local_secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "warp.core",
    "warp.accounts",
    "warp.audit",
    "warp.students",
    "warp.prospectus",
    "warp.bookings",
    "warp.feedback",
    "warp.teams",
    "warp.evaluation",
    "warp.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "warp.audit.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "warp.urls"
WSGI_APPLICATION = "warp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "warp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "warp.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'warp.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE makes a writing transaction take
    # the write lock at its start, so two bookings never both read "one place left".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

FORM_RENDERER = "warp.core.forms.WarpFormRenderer"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %m %Y"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
NODE_MODULES = Path(env("WARP_NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "warp.core.staticfinders.NhsukFrontendFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Recovery Education Centre <rec@localhost>")

# Background work: the database backend needs no extra server; a worker runs
# `warp manage db_worker`. WARP_TASKS_IMMEDIATE=true runs tasks inside the request (tests, tiny installs).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if envbool("WARP_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# The centre itself: names shown to people, and the rules that belong to this centre.
# Small-number suppression in anything a commissioner sees (see warp/evaluation/disclosure.py).
WARP_SUPPRESS_UP_TO = envint("WARP_SUPPRESS_UP_TO", 7)
WARP_ROUND_TO = envint("WARP_ROUND_TO", 5)
CENTRE_NAME = env("WARP_CENTRE_NAME", "Recovery Education Centre")
CENTRE_CONTACT = env("WARP_CENTRE_CONTACT", "rec@localhost, 01234 567890")
PRIVACY_NOTICE_VERSION = env("WARP_PRIVACY_NOTICE_VERSION", "2026-1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Bookings, registers and timetables (warp/bookings). Hours and fractions; see the README.
WARP_LATE_CANCELLATION_HOURS = envint("WARP_LATE_CANCELLATION_HOURS", 48)
WARP_OFFER_HOURS = envint("WARP_OFFER_HOURS", 48)
WARP_REMINDER_HOURS = envint("WARP_REMINDER_HOURS", 48)
try:  # warp.env has no float reader yet; fail as loudly as its helpers do.
    WARP_COMPLETION_MIN_FRACTION = float(env("WARP_COMPLETION_MIN_FRACTION", "0.5"))
except ValueError:
    raise ImproperlyConfigured("WARP_COMPLETION_MIN_FRACTION must be a number such as 0.5.") from None
if not 0 < WARP_COMPLETION_MIN_FRACTION <= 1:
    raise ImproperlyConfigured("WARP_COMPLETION_MIN_FRACTION must be more than 0 and at most 1.")
