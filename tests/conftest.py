"""Shared fixtures. With DATABASE_URL/REDIS_URL set, unreachable services fail the run (never skip)."""
import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that thread
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from tests.factories.core import PASSWORD, GemeenteFactory, OrganisatieFactory, UserFactory  # noqa: E402

pytest_plugins = ["tests.browser.fixtures"]


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db.get('NAME')}",
        f"redis: {os.environ.get('REDIS_URL') or 'not configured (embedded mode)'}",
    ]


@pytest.fixture(scope="session", autouse=True)
def required_services_are_up(django_db_blocker):
    """When the environment names PostgreSQL or Redis, they must answer: fail loudly, never skip."""
    from django.db import connection

    if os.environ.get("DATABASE_URL"):
        with django_db_blocker.unblock():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()


@pytest.fixture(scope="session", autouse=True)
def celery_tasks_run_eagerly():
    """Tasks run in-process unless a test starts a real worker (which switches this off itself)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def gemeente(db):
    return GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")


@pytest.fixture
def andere_gemeente(db):
    return GemeenteFactory(naam="Gemeente Alphen aan den Rijn", cbs_code="0484")


@pytest.fixture
def partner_organisatie(db):
    return OrganisatieFactory(naam="Stichting Perspectief")


@pytest.fixture
def beleid(gemeente):
    return UserFactory(email="beleid@test.nl", role="beleid", gemeenten=[gemeente])


@pytest.fixture
def financien(gemeente):
    return UserFactory(email="financien@test.nl", role="financien", gemeenten=[gemeente])


@pytest.fixture
def financien2(gemeente):
    return UserFactory(email="financien2@test.nl", role="financien", gemeenten=[gemeente])


@pytest.fixture
def controle(gemeente):
    return UserFactory(email="controle@test.nl", role="controle", gemeenten=[gemeente])


@pytest.fixture
def beheer(gemeente):
    return UserFactory(email="beheer@test.nl", role="beheer", gemeenten=[gemeente])


@pytest.fixture
def partner(partner_organisatie):
    return UserFactory(email="partner@test.nl", role="partner", organisatie=partner_organisatie)


@pytest.fixture
def login(client):
    """`login(user)` logs the Django test client in (two-factor counts as done)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD
