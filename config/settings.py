"""
Settings for SPUK-beheer, read from the environment (django-environ).

With no variables at all the app runs embedded: SQLite, Celery tasks eager in-process, e-mail to
the console, private files under ./var. Every variable is listed in the README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# Demo mode: demo accounts with known passwords, relaxed two-factor. Never in production.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt: in productie (DEBUG=False) start SPUK-beheer niet zonder geheime sleutel."
        )
    SECRET_KEY = "insecure-embedded-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The Django admin, for platform operators (superusers) only: see core/admin_site.py.
    "core.apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Our apps, in their dependency order (each may use those above it, never below).
    "core",
    "grootboek",
    "buurtplan",
    "mijlpalen",
    "spuk",
    "declaraties",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 with Retry-After while the database is unreachable (core/errors.py).
    "core.errors.DatabaseUnavailableMiddleware",
    # Django's SessionMiddleware, except that a failed save after the view never replaces its response.
    "core.errors.CommittedSafeSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.RequireTwoFactorMiddleware",
    "core.middleware.ActiveGemeenteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.layout",
            ],
            "builtins": ["core.templatetags.money"],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Embedded mode: concurrent writers (two approvals at once, runserver threads) wait instead of
    # failing with "database is locked". WAL lets readers go on while one writes; IMMEDIATE takes the
    # write lock when a transaction starts, so the busy timeout applies (a deferred transaction that
    # read first and then wants to write fails at once instead of waiting).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=env.int("SQLITE_BUSY_TIMEOUT", default=20),
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind pgbouncer in transaction mode a server-side cursor (.iterator()) cannot outlive its
    # transaction: set DB_DISABLE_SERVER_SIDE_CURSORS=True there (README, "Landelijke installatie").
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DB_DISABLE_SERVER_SIDE_CURSORS", default=False)
    # An unreachable database answers 503 within seconds instead of hanging a web worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A session ends after this many seconds without a request (idle) and in any case this many seconds
# after login (absolute); core.middleware.SessionTimeoutMiddleware enforces both.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Password login; permissions come only from django-rules (core.auth.PasswordBackend).
    "core.auth.PasswordBackend",
    # Login through a gemeente's identity provider (core/oidc_auth.py), configured per provider in the database.
    "core.oidc_auth.ProviderBackend",
]
# OpenID Connect (mozilla-django-oidc; the per-provider values live in core.IdentityProvider).
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_USE_PKCE = True
# Provider addresses must be https, except in development and tests (a provider on loopback).
OIDC_ALLOW_HTTP = env.bool("OIDC_ALLOW_HTTP", default=DEBUG)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account after repeated failures *from the same address* (username + IP), so
# nobody can lock a finance officer out from elsewhere; a town hall behind one NAT address is not
# locked as a whole either. Separately, one IP address trying many accounts is throttled
# (core.auth.LOGIN_THROTTLE_*, counted in the cache).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_THROTTLE_PER_IP = env.int("LOGIN_THROTTLE_PER_IP", default=30)
LOGIN_THROTTLE_WINDOW = env.int("LOGIN_THROTTLE_WINDOW", default=15 * 60)  # seconds
AXES_USERNAME_CALLABLE = "core.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Two-factor (TOTP) for the roles that move money or manage users.
OTP_REQUIRED_ROLES = ["financien", "beheer", "landelijk_beheer"]
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEMO_MODE)
OTP_TOTP_ISSUER = "SPUK-beheer"
# Nobody, not even a platform operator in the admin, ever sees a TOTP secret or its QR code again.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# One date format everywhere (issue 14): config/formats/nl/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files (declaration attachments, signatures, evidence) are private: never under
# STATIC/MEDIA URLs, only served through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SPUK-beheer <noreply@spuk-beheer.local>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Celery: without a broker the tasks run eagerly in-process (embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every task is fire-and-forget (its outcome is in the database): no result is stored.
CELERY_TASK_IGNORE_RESULT = True
# Workers outlive broker outages: reconnect forever, backing off to one attempt every 30 s.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES: int | None = None
CELERY_BROKER_CONNECTION_TIMEOUT = 4
CELERY_BROKER_CHANNEL_ERROR_RETRY = True
# Timing rules (README, "Achtergrondtaken en storingen"): the visibility timeout (an unacknowledged
# task goes back to the queue) must exceed the longest hard time limit (30 min, the reminders), or a
# task still running would be delivered twice; a report's heartbeat beats every
# RAPPORT_HARTSLAG_INTERVAL seconds and is stale after RAPPORT_HARTSLAG_STIL seconds, far below both.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 4,
    "socket_timeout": 30,
    "socket_keepalive": True,
    "retry_on_timeout": True,
    "health_check_interval": 25,
    "max_retries": None,
    "interval_start": 1,
    "interval_step": 2,
    "interval_max": 30,
}
# A web request hands its outbox rows to the broker in one attempt of at most this many seconds, and
# skips the attempt for DISPATCH_PAUSE_AFTER_FAILURE seconds after a failure (core.dispatch).
DISPATCH_SEND_TIMEOUT = env.float("DISPATCH_SEND_TIMEOUT", default=0.3)
DISPATCH_PAUSE_AFTER_FAILURE = env.float("DISPATCH_PAUSE_AFTER_FAILURE", default=5.0)
RAPPORT_HARTSLAG_INTERVAL = env.float("RAPPORT_HARTSLAG_INTERVAL", default=5.0)
RAPPORT_HARTSLAG_STIL = env.float("RAPPORT_HARTSLAG_STIL", default=60.0)
# A report whose attempts died this often (e.g. the OOM killer each time) ends *mislukt*.
RAPPORT_MAX_POGINGEN = env.int("RAPPORT_MAX_POGINGEN", default=5)
# Queues (issue 15): reports (SiSa PDF, large exports: minutes of CPU and hundreds of MB) have a queue
# of their own with their own workers, so a burst of reports never delays an e-mail, a reminder or the
# sweeper. Everything else stays on the default queue "celery" (its name is kept so tasks queued before
# an upgrade are still picked up). A worker started without -Q consumes both (small installations,
# tests); docker-compose runs one worker service per queue.
from kombu import Queue  # noqa: E402

CELERY_QUEUE_RAPPORTEN = "rapporten"
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue(CELERY_TASK_DEFAULT_QUEUE), Queue(CELERY_QUEUE_RAPPORTEN))
CELERY_TASK_ROUTES = {"core.tasks.genereer_rapport": {"queue": CELERY_QUEUE_RAPPORTEN}}

# A list's XLSX with more rows than this is made by a background report (core.lists.TableView),
# so no request builds a file for longer than about a second.
EXPORT_DIRECT_MAX = env.int("EXPORT_DIRECT_MAX", default=5000)
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "dagelijkse-herinneringen": {"task": "core.tasks.verstuur_herinneringen", "schedule": crontab(hour=6, minute=30)},
    "veeg-niet-verstuurde-taken-op": {"task": "core.tasks.veeg_op", "schedule": 60.0},
}

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere.
from csp.constants import NONE, SELF  # noqa: E402

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
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sent on every response by core.middleware.PrivateResponseMiddleware: no browser feature is needed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Domain settings
# Declarations at or above this amount need a second, different approver (per gemeente overridable).
VIER_OGEN_DREMPEL_STANDAARD = env.str("VIER_OGEN_DREMPEL", default="10000.00")
# A submitted declaration waiting longer than this many working days triggers a reminder to finance.
DECLARATIE_BEOORDELING_WERKDAGEN = env.int("DECLARATIE_BEOORDELING_WERKDAGEN", default=5)

# The REST API (api app, /api/v1/): API keys only (no session, so no CSRF), scopes per view, the
# key's service user for every permission, Dutch problem+json errors, a rate limit per key in the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiSleutelAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HeeftScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.SleutelThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_sleutel": env.str("API_RATE_LIMIT", default="600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SPUK-beheer API",
    "DESCRIPTION": "Declaraties van partners en grootboekexport voor financiële systemen. Authenticatie met een "
    "API-sleutel van uw organisatie (Authorization: Bearer …), uitgegeven door applicatiebeheer van de gemeente.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.errors.schema_hook"],
}

FORM_RENDERER = "core.forms_renderer.NLDesignSystemRenderer"
# Lockout is per account *and* address (see AXES_LOCKOUT_PARAMETERS); axes.W006 warned about the
# older per-account-only setting.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Covering indexes (INCLUDE) exist for PostgreSQL; SQLite builds the same index without the extra
    # columns, which is all the embedded mode needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
