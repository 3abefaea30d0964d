"""Haven settings: every value that differs between machines comes from the environment, here.

``HAVEN_ENV`` is ``local`` (the default: SQLite, console email, plain-HTTP cookies) or
``production`` (secrets required, secure cookies, HSTS). Nothing else reads ``os.environ``.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HAVEN_VAR_DIR", BASE_DIR / "var"))

HAVEN_ENV = os.environ.get("HAVEN_ENV", "local")
if HAVEN_ENV not in {"local", "production"}:
    raise ImproperlyConfigured("HAVEN_ENV must be 'local' or 'production'")
LOCAL = HAVEN_ENV == "local"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not LOCAL:
        raise ImproperlyConfigured("SECRET_KEY must be set when HAVEN_ENV=production")
    SECRET_KEY = "local-only-insecure-key-never-used-in-production-0123456789abcdef"  # noqa: S105
# Old keys keep sessions valid while a new key rolls out (docs/how-to/rotate-secret-key.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if LOCAL else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    "pgtrigger",
    "haven.core",
    "haven.accounts",
    "haven.audit",
    "haven.people",
    "haven.cases",
    "haven.screening",
    "haven.actions",
    "haven.meetings",
    "haven.notifications",
    "haven.matching",
    "haven.drafts",
    "haven.documents",
    "haven.strategy",
    "haven.case_audits",
    "haven.missing",
    "haven.placements",
    "haven.philomena",
    "haven.investigations",
    "haven.intelligence",
    "haven.nrm",
    "haven.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "haven.core.middleware.RequestContextMiddleware",
    "haven.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "haven.core.middleware.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "haven.drafts.middleware.HeldFormMiddleware",
    "haven.core.middleware.VerifiedLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "haven" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haven.core.context_processors.shell",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request reuses it, so one the database
        # dropped (a restart, a failover) is replaced instead of failing that request.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
    # Behind a transaction-pooling PgBouncer a cursor cannot outlive its transaction.
    config["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles any query it costs above 100,000, which every dashboard
        # count is: 0.4 s of compiling for a 0.8 s query (decision 0048). Empty behind a pooler
        # that refuses startup options; then set it on the role (docs/how-to/scale.md).
        options = os.environ.get("DATABASE_SESSION_OPTIONS", "-c jit=off")
        if options:
            config.setdefault("OPTIONS", {})["options"] = options
    return config


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'haven.sqlite3'}"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server write without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
# Reporting reads (dashboards, their downloads and API, the anonymised dataset) from a streaming
# replica when one is given; everything else, and every write, on default (decision 0041).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(os.environ["DATABASE_REPLICA_URL"])
    # In tests the replica streams the test database from default: same name, never created.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["haven.core.replica.ReportingReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, refusing demo accounts when HAVEN_ENV=production.
    "haven.accounts.backends.HavenModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "two_factor:login"
TWO_FACTOR_PATCH_ADMIN = False
OTP_TOTP_ISSUER = "Haven"

# Lock-out after repeated failures: 5 tries per account, from however many addresses (so guesses
# spread over rotating addresses still lock), and per account and address; then an hour's wait.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "haven.accounts.authentication.lockout_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# Sessions end after 30 minutes idle and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
# Saving on every request only moves the expiry unless the request changed the session, so two
# requests at once cannot undo each other (decision 0052).
SESSION_ENGINE = "haven.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# The timeout warning appears this long before the session ends, with a way to stay signed in.
SESSION_WARNING_SECONDS = int(os.environ.get("SESSION_WARNING_SECONDS", "120"))
# A form that could not be sent (session ended, page expired) is kept this long for its user.
HELD_FORM_HOURS = int(os.environ.get("HELD_FORM_HOURS", "24"))
CSRF_FAILURE_VIEW = "haven.drafts.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not LOCAL
CSRF_COOKIE_SECURE = not LOCAL
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not LOCAL else None
SECURE_HSTS_SECONDS = 0 if LOCAL else 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL
SECURE_HSTS_PRELOAD = not LOCAL
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("HAVEN_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "haven" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Documents on cases, in HAVEN_DOCUMENTS_ROOT: never given a URL (haven.documents.storage).
    "documents": {"BACKEND": "haven.documents.storage.DocumentStorage"},
}
WHITENOISE_USE_FINDERS = LOCAL

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if LOCAL
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Haven <haven-noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "haven.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["haven.accounts.api_permissions.IsVerifiedUser"],
    "DEFAULT_PAGINATION_CLASS": "haven.core.api.StandardPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "haven.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Haven API",
    "DESCRIPTION": (
        "Multi-agency child trafficking safeguarding. Every call needs a personal API token "
        "(`Authorization: Bearer <token>`) or a two-factor-verified session.\n\n"
        'Every error is JSON: `{"errors": {field: [messages]}}`. Request bodies larger than '
        "1 MiB (1,048,576 bytes) are refused with 413, JSON nested more than 32 levels with 400. "
        "When the database cannot be reached the answer is 503 with Retry-After; nothing is "
        "saved half way. "
        "Each field's limit is in its schema (`maxLength`, `maxItems`, `maximum`): free text "
        "15,000 characters, names 100, aliases and identifiers 20 per person, phone numbers 10."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["haven.accounts.api_permissions.IsVerifiedUser"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The four areas, and the action plans' areas (Pan Cheshire and the four).
    "ENUM_NAME_OVERRIDES": {
        "AreaEnum": "haven.core.areas.Area",
        "PlanAreaEnum": "haven.strategy.models.PLAN_AREAS",
    },
    # Every operation documents the errors it can answer (400/401/403/404/413/503).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "haven.core.api.document_error_responses",
    ],
}

# Request bodies (API and pages) above 1 MiB are refused with 413 before they are read
# (haven.core.middleware.RequestLimitsMiddleware; the limits are in haven/core/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Personal API tokens expire after this many days unless a shorter or longer life is chosen.
HAVEN_API_TOKEN_DEFAULT_DAYS = int(os.environ.get("HAVEN_API_TOKEN_DEFAULT_DAYS", "90"))
# Break-glass access to a case lasts this long.
HAVEN_BREAK_GLASS_HOURS = int(os.environ.get("HAVEN_BREAK_GLASS_HOURS", "24"))
# Break-glass is an emergency power of those with out-of-hours safeguarding duty: practitioners
# and managers of these agency types (comma-separated DOMAIN §1 codes).
HAVEN_BREAK_GLASS_AGENCY_TYPES = env_list(
    "HAVEN_BREAK_GLASS_AGENCY_TYPES", "local_authority,edt,police"
)
# Uses per user per 24 hours before a manager of the user's own agency must approve first.
HAVEN_BREAK_GLASS_DAILY_LIMIT = int(os.environ.get("HAVEN_BREAK_GLASS_DAILY_LIMIT", "2"))
# People searches and possible-match lookups per user per window; beyond, refused (429) and
# the user's agency's auditors are told.
HAVEN_SEARCH_LIMIT = int(os.environ.get("HAVEN_SEARCH_LIMIT", "120"))
HAVEN_SEARCH_WINDOW_SECONDS = int(os.environ.get("HAVEN_SEARCH_WINDOW_SECONDS", "600"))
# A break-glass reference from a "known to" answer is valid this long.
HAVEN_BREAK_GLASS_REFERENCE_HOURS = int(os.environ.get("HAVEN_BREAK_GLASS_REFERENCE_HOURS", "24"))
# Documents on cases: kept here, outside the web root and static files (a system check refuses
# an overlap), and served only by the access-checked, audited download.
HAVEN_DOCUMENTS_ROOT = Path(os.environ.get("HAVEN_DOCUMENTS_ROOT", VAR_DIR / "documents"))
# The largest document accepted, in bytes (default 20 MB). The reverse proxy must let upload
# requests this large (plus 1 MiB) through: docs/how-to/deploy.md.
HAVEN_DOCUMENT_MAX_BYTES = int(os.environ.get("HAVEN_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# The virus scanner called on every upload before the document is stored (a dotted path to a
# callable; docs/how-to/scan-documents-for-viruses.md). The default checks nothing and says so.
HAVEN_DOCUMENT_SCANNER = os.environ.get(
    "HAVEN_DOCUMENT_SCANNER", "haven.documents.scanning.not_scanned"
)
# Philomena Protocol profiles (decision 0021): one not reviewed for this many days is flagged as
# out of date, and the largest photograph accepted, in bytes (default 10 MB).
HAVEN_PHILOMENA_REVIEW_DAYS = int(os.environ.get("HAVEN_PHILOMENA_REVIEW_DAYS", "91"))
HAVEN_PHILOMENA_PHOTO_MAX_BYTES = int(
    os.environ.get("HAVEN_PHILOMENA_PHOTO_MAX_BYTES", str(10 * 1024 * 1024))
)
# During an investigation the child and partner agencies are given an update at least every this
# many days; a later one becomes a task for the case's lead team (haven.workflows.investigations).
HAVEN_VICTIM_UPDATE_DAYS = int(os.environ.get("HAVEN_VICTIM_UPDATE_DAYS", "28"))

# How long a dashboard's published figures for one area and period are kept and shown again
# (decision 0033): a strategic view of quarters need not be recounted on every page view.
# 0 counts on every request (the tests do).
HAVEN_DASHBOARD_CACHE_SECONDS = int(os.environ.get("HAVEN_DASHBOARD_CACHE_SECONDS", "300"))
# The dashboards read past quarters of their trends from the counts a daily job stores (decision
# 0043) while those are at most this many hours old; older, or none, and every quarter is
# counted live. A day and a margin for a slow or late run.
HAVEN_DASHBOARD_TREND_HOURS = int(os.environ.get("HAVEN_DASHBOARD_TREND_HOURS", "30"))
# How long a web process reuses its counts of how many people have a name, which possible
# matches weigh names by (decision 0045): a count changes by one per name recorded.
HAVEN_MATCH_NAME_COUNTS_SECONDS = float(os.environ.get("HAVEN_MATCH_NAME_COUNTS_SECONDS", "300"))
# What a web worker reads before its first request (haven.core.warmup, decision 0053), so the
# first people each worker serves after a start do not wait for it.
HAVEN_WORKER_WARMERS = ["haven.matching.live.warm", "haven.core.working_days.warm"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "haven.core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": os.environ.get("LOG_FORMAT", "plain" if LOCAL else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

FORM_RENDERER = "haven.core.forms.GovukFormRenderer"

# Used in emailed links; the address partners reach Haven on. Password reset links are built
# from it too, never from the request's Host header.
HAVEN_BASE_URL = os.environ.get("HAVEN_BASE_URL", "http://127.0.0.1:8000")
# A password reset link works once, for this long.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT_SECONDS", "3600"))
# An overdue task goes to the team's manager at once, then to the head of service after this.
HAVEN_ESCALATE_TO_HEAD_OF_SERVICE_AFTER_HOURS = int(
    os.environ.get("HAVEN_ESCALATE_TO_HEAD_OF_SERVICE_AFTER_HOURS", "24")
)
# A senior officer who has not acknowledged a safe-house escalation is reminded this often.
HAVEN_ESCALATION_REMINDER_HOURS = int(os.environ.get("HAVEN_ESCALATION_REMINDER_HOURS", "4"))

# The audit trail's keyed hash chain (decision 0010, docs/how-to/audit-chain-key.md). The key
# is separate from SECRET_KEY. Each row records the id of the key that chained it, so retired
# keys stay in AUDIT_CHAIN_KEY_FALLBACKS ("id:key,id:key") for as long as their rows are kept.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
AUDIT_CHAIN_KEY_ID = os.environ.get("AUDIT_CHAIN_KEY_ID", "1").strip()
if not AUDIT_CHAIN_KEY:
    if not LOCAL:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be set when HAVEN_ENV=production")
    # Development only: a fixed, public key under its own id, never accepted in production.
    AUDIT_CHAIN_KEY = "local-only-insecure-audit-chain-key-never-used-in-production"
    AUDIT_CHAIN_KEY_ID = "local-dev"
if AUDIT_CHAIN_KEY == SECRET_KEY:
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY must not be the same as SECRET_KEY")
AUDIT_CHAIN_KEY_FALLBACKS: dict[str, str] = {}
for _entry in env_list("AUDIT_CHAIN_KEY_FALLBACKS"):
    _key_id, _, _key = _entry.partition(":")
    if not _key_id or not _key:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY_FALLBACKS entries are 'id:key'")
    if _key_id == AUDIT_CHAIN_KEY_ID or _key_id in AUDIT_CHAIN_KEY_FALLBACKS:
        raise ImproperlyConfigured(f"Audit chain key id {_key_id!r} is given more than once")
    AUDIT_CHAIN_KEY_FALLBACKS[_key_id] = _key
# The chain head is anchored outside the database: a signed line appended here (and emailed to
# the auditors) by the daily job and `manage.py audit_anchor`; `audit_verify` checks them.
AUDIT_ANCHOR_LOG = Path(os.environ.get("AUDIT_ANCHOR_LOG", VAR_DIR / "audit-anchors.log"))
