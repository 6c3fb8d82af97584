"""One settings module. Every value comes from an environment variable with a safe local default.

See the README's "Configuration" section for the list.
"""

import re
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from warp.env import env, envbool, envfloat, envint, envlist

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
# The address links in emails point to. `warp serve` sets it from --host and --port when it is not set.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The demo centre's sign-ins, passwords and second-factor key are published in the README, so `warp demo`
# and `warp serve --demo` build it only in the embedded SQLite database unless this is true (warp/cli.py).
WARP_ALLOW_DEMO = envbool("WARP_ALLOW_DEMO", False)

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
    "warp.service_use",
    "warp.measures",
    "warp.teams",
    "warp.impact",
    "warp.quotes",
    "warp.outreach",
    "warp.programmes",
    "warp.evaluation",
    "warp.privacy",
    "warp.network",
    "warp.api",
    "warp.partnership",
    "rest_framework",
    "drf_spectacular",
    # After our apps, so warp/accounts/templates/{account,mfa}/ override allauth's own templates.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Signing in with an organisation's account (OpenID Connect): off until WARP_OIDC_PROVIDERS is set.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "warp.accounts.middleware.ActingRoleMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "warp.accounts.middleware.SessionTimeoutMiddleware",
    "warp.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "warp.audit.middleware.AuditContextMiddleware",
    "warp.core.middleware.SecurityHeadersMiddleware",
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
                "warp.accounts.context_processors.site",
            ],
        },
    },
]

# Persistent connections: each gunicorn worker keeps its connection for DATABASE_CONN_MAX_AGE seconds
# instead of opening one per request (a PostgreSQL connection costs a few milliseconds to open and sign in,
# more than a whole small page; a SQLite connection loses its page cache when it closes). The health check
# replaces a connection the server has dropped (a restart, a failover) before a request uses it.
# 0 closes the connection after every request, as Django does by default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'warp.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE makes a writing transaction take
    # the write lock at its start, so two bookings never both read "one place left".
    # Reads: SQLite's default page cache is 2 MB per connection, so at 100,000 students a search or a
    # register read most of its pages back from the file with a system call each (half of a search's
    # query time). 64 MB of cache per connection (used only as pages are read) keeps the hot pages, and
    # memory-mapping the file lets reads after another process's write (which empties that cache) come
    # straight from the operating system's cache.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
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

# Safe output (docs/privacy.md "Security headers and uploads"; SECURITY.md). Local defaults suit http://127.0.0.1; production sets
# SECURE_COOKIES=true, SECURE_SSL_REDIRECT=true, SECURE_HSTS_SECONDS=31536000 and
# SECURE_HSTS_INCLUDE_SUBDOMAINS=true, and `warp manage check --deploy` then reports nothing
# (tests/core/test_security_headers.py). The Content Security Policy and no-store for signed-in pages come
# from warp.core.middleware.SecurityHeadersMiddleware. HSTS preload is a decision for whoever owns the parent
# domain (it is hard to undo and WaRP usually runs on a subdomain), so its deploy warning is silenced.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
if envbool("SECURE_PROXY_SSL_HEADER", False):  # behind a proxy that sets X-Forwarded-Proto (and strips it)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Uploads (the student import) are checked by the form (.csv/.xlsx, at most 5 MB), kept in memory, and
# stored in the database (students.StudentImport), never on a path the web server serves. Form fields other
# than files are limited to 2.5 MB; the proxy in front should cap whole requests (e.g. nginx
# client_max_body_size 6m), since a bigger file would otherwise reach a temporary file before the form refuses it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Every import (students, reviews, feedback; web and `warp import`) reads at most this many rows after the
# header (a longer file is refused, saying the limit) and at most this many characters a cell (a longer cell
# is reported as a problem with its row and column). See warp/core/imports.py.
WARP_IMPORT_MAX_ROWS = envint("WARP_IMPORT_MAX_ROWS", 100_000)
WARP_IMPORT_MAX_CELL_CHARS = envint("WARP_IMPORT_MAX_CELL_CHARS", 10_000)
# An uploaded file larger than this is checked and imported by the task worker, with a progress page,
# instead of inside the request.
WARP_IMPORT_BACKGROUND_BYTES = envint("WARP_IMPORT_BACKGROUND_BYTES", 256 * 1024)
if WARP_IMPORT_MAX_ROWS < 1 or WARP_IMPORT_MAX_CELL_CHARS < 1 or WARP_IMPORT_BACKGROUND_BYTES < 0:
    raise ImproperlyConfigured(
        "WARP_IMPORT_MAX_ROWS and WARP_IMPORT_MAX_CELL_CHARS must be 1 or more, "
        "WARP_IMPORT_BACKGROUND_BYTES 0 or more."
    )
# Retention (warp/privacy/retention.py): `warp manage retention --apply`, run daily, anonymises students with
# no registration, booking, attendance, learning plan, review or sign-in for this many years.
WARP_RETAIN_INACTIVE_STUDENT_YEARS = envint("WARP_RETAIN_INACTIVE_STUDENT_YEARS", 7)
if WARP_RETAIN_INACTIVE_STUDENT_YEARS < 1:
    raise ImproperlyConfigured("WARP_RETAIN_INACTIVE_STUDENT_YEARS must be 1 or more.")
# The same command deletes audit entries older than WARP_RETAIN_AUDIT_YEARS and blanks free-text feedback
# answers given more than WARP_RETAIN_FEEDBACK_TEXT_YEARS ago; 0 (the default) keeps them for ever.
WARP_RETAIN_AUDIT_YEARS = envint("WARP_RETAIN_AUDIT_YEARS", 0)
WARP_RETAIN_FEEDBACK_TEXT_YEARS = envint("WARP_RETAIN_FEEDBACK_TEXT_YEARS", 0)
if WARP_RETAIN_AUDIT_YEARS < 0 or WARP_RETAIN_FEEDBACK_TEXT_YEARS < 0:
    raise ImproperlyConfigured(
        "WARP_RETAIN_AUDIT_YEARS and WARP_RETAIN_FEEDBACK_TEXT_YEARS must be 0 or more."
    )

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
# A network of centres (warp/network): this centre's code in it, and where its private key is kept.
WARP_NETWORK_CENTRE_CODE = env("WARP_NETWORK_CENTRE_CODE", "")
WARP_NETWORK_KEY_FILE = env(
    "WARP_NETWORK_KEY_FILE", ""
)  # names the file itself (the key is not a value here)
PRIVACY_NOTICE_VERSION = env("WARP_PRIVACY_NOTICE_VERSION", "2026-1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Bookings, registers and timetables (warp/bookings). Hours and fractions; see docs/bookings.md "Settings".
WARP_LATE_CANCELLATION_HOURS = envint("WARP_LATE_CANCELLATION_HOURS", 48)
WARP_OFFER_HOURS = envint("WARP_OFFER_HOURS", 48)
WARP_REMINDER_HOURS = envint("WARP_REMINDER_HOURS", 48)
WARP_COMPLETION_MIN_FRACTION = envfloat("WARP_COMPLETION_MIN_FRACTION", 0.5)
if not 0 < WARP_COMPLETION_MIN_FRACTION <= 1:
    raise ImproperlyConfigured("WARP_COMPLETION_MIN_FRACTION must be more than 0 and at most 1.")

# GOV.UK Notify for texts, emails and letters (warp/bookings/notify.py; README "Text messages, emails and
# letters through GOV.UK Notify"). Off unless WARP_NOTIFY_API_KEY (or WARP_NOTIFY_API_KEY_FILE) is set; each
# channel also needs its template's id. Without them, email goes through Django and the rest to "People to
# contact", as before.
WARP_NOTIFY_API_KEY = env("WARP_NOTIFY_API_KEY")
WARP_NOTIFY_BASE_URL = env("WARP_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
WARP_NOTIFY_EMAIL_TEMPLATE_ID = env("WARP_NOTIFY_EMAIL_TEMPLATE_ID")
WARP_NOTIFY_TEXT_TEMPLATE_ID = env("WARP_NOTIFY_TEXT_TEMPLATE_ID")
WARP_NOTIFY_LETTER_TEMPLATE_ID = env("WARP_NOTIFY_LETTER_TEMPLATE_ID")
WARP_NOTIFY_CALLBACK_TOKEN = env("WARP_NOTIFY_CALLBACK_TOKEN")  # Notify sends it as "Bearer TOKEN"
WARP_TEXT_REMINDER_HOUR = envint("WARP_TEXT_REMINDER_HOUR", 10)  # day-before texts go from this hour
for _name in ("EMAIL", "TEXT", "LETTER"):
    _template = globals()[f"WARP_NOTIFY_{_name}_TEMPLATE_ID"]
    if _template and not re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", _template):
        raise ImproperlyConfigured(
            f"WARP_NOTIFY_{_name}_TEMPLATE_ID must be a template id from GOV.UK Notify, like "
            f"1f2e3d4c-5b6a-4789-8abc-def012345678 (got {_template!r})."
        )
if WARP_NOTIFY_API_KEY and len(WARP_NOTIFY_API_KEY) < 74:
    raise ImproperlyConfigured(
        "WARP_NOTIFY_API_KEY must be a whole API key from GOV.UK Notify (its name, then two long ids)."
    )
if WARP_NOTIFY_CALLBACK_TOKEN and len(WARP_NOTIFY_CALLBACK_TOKEN) < 10:
    raise ImproperlyConfigured("WARP_NOTIFY_CALLBACK_TOKEN must be 10 characters or more (Notify's rule).")
if not 0 <= WARP_TEXT_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("WARP_TEXT_REMINDER_HOUR must be an hour from 0 to 23.")


# Signing in and sessions (warp/accounts; docs/signing-in.md).
# django-allauth does the sign-in, password reset and the second factor (TOTP with recovery codes); our
# adapters (warp/accounts/adapters.py) shut public sign-up (students register at students:register), land
# people on their start page and add the per-account lockout. Everyone but students must set up TOTP
# (warp/accounts/middleware.py).
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "warp.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # after a reset people sign in again, second factor and all
ACCOUNT_SESSION_REMEMBER = False  # sessions end when the browser closes, or at the timeouts below
ACCOUNT_PREVENT_ENUMERATION = True
# No email to an address with no account: allauth's would offer a sign-up page, which WaRP does not have.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_FORMS = {
    "login": "warp.accounts.forms.SignInForm",
    "reset_password": "warp.accounts.forms.PasswordResetForm",
    "reset_password_from_key": "warp.accounts.forms.PasswordResetFromKeyForm",
    "reauthenticate": "warp.accounts.forms.ReauthenticateForm",
}
# allauth's own per-IP limit stays on; the per-account limit is our lockout (WARP_LOCKOUT_* below), for
# wrong passwords and wrong codes alike, because allauth's sliding window cannot hold someone out for longer
# than the window it counts in.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip"}
# Whose address the per-IP limits count: behind a reverse proxy every request comes from the proxy's
# address, so say how to find the person's. WARP_TRUSTED_PROXY_COUNT: the number of proxies of ours in
# front, each appending to X-Forwarded-For (the address that many from the end is the person's; anything
# the person typed further left is ignored). Or WARP_CLIENT_IP_HEADER: a header our proxy sets to the
# person's address, replacing any a person sent (e.g. X-Real-IP). Neither set (the default): the header is
# ignored and the connection's address counts, as it must when people reach WaRP directly.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("WARP_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("WARP_CLIENT_IP_HEADER") or None
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("WARP_TRUSTED_PROXY_COUNT must be 0 or more.")
if ALLAUTH_TRUSTED_PROXY_COUNT and ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
    raise ImproperlyConfigured("Set WARP_TRUSTED_PROXY_COUNT or WARP_CLIENT_IP_HEADER, not both.")
MFA_ADAPTER = "warp.accounts.adapters.MFAAdapter"
# Recovery codes are WaRP's own, stored only as salted hashes (warp/accounts/recovery_codes.py): allauth's
# keep a seed the codes can be worked out from, so "recovery_codes" is left out and allauth never makes any.
MFA_SUPPORTED_TYPES = ["totp"]
MFA_RECOVERY_CODE_COUNT = 10
MFA_RECOVERY_CODE_DIGITS = 12
MFA_RECOVERY_CODES_SHOW_ONCE = True  # shown when made, never again (only hashes are kept)
WARP_RECOVERY_CODE_SCRYPT_N = (
    2**14
)  # the hashes' cost: about 0.1 s each; the tests lower it, as for passwords
# The authenticator-app keys are encrypted with a key derived from WARP_MFA_KEY (default SECRET_KEY); keys
# listed in WARP_MFA_KEY_FALLBACKS still decrypt, for changing it (warp/accounts/mfa_secrets.py).
WARP_MFA_KEY = env("WARP_MFA_KEY") or SECRET_KEY
WARP_MFA_KEY_FALLBACKS = envlist("WARP_MFA_KEY_FALLBACKS")
MFA_ALLOW_UNVERIFIED_EMAIL = True  # accounts are made by the centre; addresses are not "verified" by allauth
MFA_TOTP_ISSUER = env("WARP_CENTRE_NAME", "Recovery Education Centre")
MFA_FORMS = {
    "authenticate": "warp.accounts.forms.SecondFactorForm",
    "reauthenticate": "warp.accounts.forms.SecondFactorReauthenticateForm",
    "activate_totp": "warp.accounts.forms.ActivateTOTPForm",
    "deactivate_totp": "warp.accounts.forms.DeactivateTOTPForm",
    "generate_recovery_codes": "warp.accounts.forms.GenerateRecoveryCodesForm",
}
# Lockout: WARP_LOCKOUT_ATTEMPTS failed sign-ins for one account within WARP_LOCKOUT_WINDOW_MINUTES lock it
# for WARP_LOCKOUT_MINUTES, even with the right password. Counted in the cache (below).
WARP_LOCKOUT_ATTEMPTS = envint("WARP_LOCKOUT_ATTEMPTS", 10)
WARP_LOCKOUT_WINDOW_MINUTES = envint("WARP_LOCKOUT_WINDOW_MINUTES", 5)
WARP_LOCKOUT_MINUTES = envint("WARP_LOCKOUT_MINUTES", 15)
# Sessions: signed out after WARP_SESSION_IDLE_MINUTES without a request, and WARP_SESSION_MAX_HOURS after
# signing in whatever happens. The cookie lasts no longer than the absolute limit.
WARP_SESSION_IDLE_MINUTES = envint("WARP_SESSION_IDLE_MINUTES", 30)
WARP_SESSION_MAX_HOURS = envint("WARP_SESSION_MAX_HOURS", 8)
SESSION_COOKIE_AGE = WARP_SESSION_MAX_HOURS * 60 * 60
# Staff accounts with no sign-in for this many days are switched off by `warp manage accounts_disable_dormant`.
WARP_DORMANT_DAYS = envint("WARP_DORMANT_DAYS", 90)


def _cache(url: str) -> dict:
    """CACHE_URL (or REDIS_URL): redis://..., file:///path, db://table or locmem://. Default: files in data/,
    which every worker on one machine shares. Several servers need one shared cache (Redis)."""
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("file://"):
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": url[7:]}
    if url.startswith("db://"):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": url[5:] or "warp_cache"}
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"CACHE_URL must start redis://, file://, db:// or locmem:// (got {url!r}).")


CACHES = {"default": _cache(env("CACHE_URL") or env("REDIS_URL") or f"file://{DATA_DIR / 'cache'}")}

# The read-only API (warp/api, README "The API"): bearer tokens only, read-only, throttled per token.
WARP_API_RATE = env("WARP_API_RATE", "120/min")  # requests per token: N/sec, N/min, N/hour or N/day
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["warp.api.auth.BearerToken"],
    "DEFAULT_PERMISSION_CLASSES": ["warp.api.auth.RoleAllowed"],
    "DEFAULT_THROTTLE_CLASSES": ["warp.api.auth.PerToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "warp.api.paging.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WaRP API",
    "DESCRIPTION": "Read-only: reports, the prospectus, and the lists each role sees in WaRP. "
    "Send Authorization: Bearer TOKEN (an administrator makes tokens).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Signing in with an organisation's account (OpenID Connect; README "Signing in with your organisation's
# account", docs/signing-in.md). Off unless WARP_OIDC_PROVIDERS lists providers (a JSON list of {"id", "name",
# "server_url", "client_id", "secret_file"}, warp/env.py). The rules are WaRP's own
# (warp/accounts/organisation.py): nobody gets an account or a role by signing in; an identity is linked to an
# existing account by an administrator's invitation or by a verified email in WARP_OIDC_ALLOWED_DOMAINS.
from warp.env import oidc_providers  # noqa: E402 - here, so this block stands on its own

SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": oidc_providers("WARP_OIDC_PROVIDERS"), "OAUTH_PKCE_ENABLED": True}
}
SOCIALACCOUNT_ADAPTER = "warp.accounts.organisation.OrganisationSignInAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking by email is WaRP's rule, checked in the adapter
SOCIALACCOUNT_STORE_TOKENS = False  # the provider's access and refresh tokens are never kept
SOCIALACCOUNT_LOGIN_ON_GET = False  # only the sign-in page's button (a POST) leaves for the provider
SOCIALACCOUNT_REQUESTS_TIMEOUT = envint("WARP_OIDC_TIMEOUT_SECONDS", 10)
# Email domains whose verified addresses (the ID token's email_verified is true) link to the WaRP account
# with that address; anyone else needs an administrator's invitation.
WARP_OIDC_ALLOWED_DOMAINS = [domain.lower().lstrip("@") for domain in envlist("WARP_OIDC_ALLOWED_DOMAINS")]
# Values of the ID token's `amr` claim (RFC 8176) that say the organisation asked for a second factor; one
# of them satisfies WaRP's second-factor rule, otherwise WaRP asks for its own.
WARP_OIDC_MFA_AMR = envlist("WARP_OIDC_MFA_AMR", "mfa,otp,hwk,swk")
# Students sign in with email and password; true lets them also use their organisation's account.
WARP_OIDC_STUDENTS = envbool("WARP_OIDC_STUDENTS", False)
# How long an administrator's emailed invitation to link an organisation account works.
WARP_OIDC_INVITATION_DAYS = envint("WARP_OIDC_INVITATION_DAYS", 7)
