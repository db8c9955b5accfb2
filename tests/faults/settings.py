"""Settings of the processes a fault test starts (gunicorn, Celery worker, relay): production
settings (config.settings, driven by the environment the test passes) plus a slow report kind."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.faults.slow_reports"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# DEBUG is off (real error handlers) but no collectstatic ran: serve static files unhashed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The test talks plain HTTP to gunicorn on 127.0.0.1 (production sits behind TLS).
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
