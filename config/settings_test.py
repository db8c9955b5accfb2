"""Settings for the test suite: config.settings (same DATABASE_URL/REDIS_URL/... environment handling)
with overrides that make tests fast without changing what they prove.

pytest uses this module (pyproject.toml, [tool.pytest.ini_options]); `manage.py` and production keep
config.settings.
"""

from config.settings import *  # noqa: F403
from config.settings import env

# PBKDF2 with a million iterations costs about half a second per hash; every user factory and every
# demo load hashes. MD5 is fine for passwords that only exist in the test database.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Broker-down tests point Celery at a port where nothing listens. Give up after one attempt and one
# second instead of kombu's default retry loop (about six seconds per connect).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY = False
CELERY_BROKER_CONNECTION_MAX_RETRIES = 0
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # kombu's Connection.default_channel/ensure_connection read these (see _extract_failover_opts).
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    # Passed on to redis-py by kombu's Redis transport.
    "socket_connect_timeout": 1,
}
CELERY_RESULT_BACKEND_ALWAYS_RETRY = False
CELERY_RESULT_BACKEND_MAX_RETRIES = 0
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_RETRY_ON_TIMEOUT = False

# The Django cache on Redis: fail fast as well when Redis is down.
if env.str("REDIS_URL", default=""):
    CACHES["default"].setdefault("OPTIONS", {})["socket_connect_timeout"] = 1  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: threads of one test then wait on the busy timeout like the
    # embedded app does (shared-cache memory databases fail at once with "table is locked").
    DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}-test"}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The stock backend with a flush that deletes rows instead of truncating (see the module).
    DATABASES["default"]["ENGINE"] = "config.test_postgresql"  # noqa: F405
    # Commits need not wait for the WAL to reach the disk: the test database is thrown away.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# pytest-xdist workers each have their own test database; keep their cache entries apart as well.
CACHES["default"]["KEY_PREFIX"] = env.str("PYTEST_XDIST_WORKER", default="")  # noqa: F405
