"""Shared fixtures. With DATABASE_URL/REDIS_URL set, unreachable services fail the run (never skip)."""

import contextlib
import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that thread
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from tests.factories.core import PASSWORD, GemeenteFactory, OrganisatieFactory, UserFactory  # noqa: E402

pytest_plugins = ["tests.browser.fixtures", "tests.shared_demo"]


def pytest_itemcollected(item):
    """Under pytest-xdist (`--dist loadgroup`) the tests with a real Celery worker run in one process:
    they share the broker queue, and a worker of one process would take the other's tasks."""
    if "celery_worker" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group("celery_worker"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """`--dist loadgroup` works by renaming grouped tests `nodeid@group`. pytest-xdist 3.8 does that
    through `item._nodeid`, which pytest 9 no longer reads (the id lives in `item._id`), so the
    groups would be ignored; apply the same renaming where pytest 9 keeps it."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        groups = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if groups and "@" not in item.nodeid.rsplit("::", 1)[-1]:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(groups)}")


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


def _reset_broker_connections(app):
    """Forget the app's pooled broker connections so a changed broker_url takes effect (kombu keeps
    its own pools per URL, so nothing is closed here)."""
    app._pool = None
    app.amqp._producer_pool = None


def _redis_broker_url():
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url.startswith("redis://"):
        return url
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return base.rsplit("/", 1)[0] + "/13"


@contextlib.contextmanager
def real_celery_worker(purge=True, **worker_options):
    """A real Celery worker (solo pool, in a thread) consuming from the local Redis; `worker_options`
    go to the worker (e.g. `queues=["celery"]` for a worker of one queue only). The queues are emptied
    first unless `purge=False` (a second worker that must find what the first one left).

    Fails when REDIS_URL/CELERY_BROKER_URL is configured but Redis does not answer; skips only on a
    machine where no Redis is configured and none runs (the embedded developer setup)."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    url = _redis_broker_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL"):
            raise
        pytest.skip("No Redis on this machine and none configured")
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "broker_read_url", "broker_write_url", "task_always_eager", "result_backend")
    }
    # Celery reads CELERY_BROKER_URL from the environment before its own conf; the read/write URLs win.
    app.conf.update(
        broker_url=url,
        broker_read_url=url,
        broker_write_url=url,
        task_always_eager=False,
        result_backend="cache+memory://",
    )
    _reset_broker_connections(app)
    with app.connection_for_write() as conn:
        for queue in app.amqp.queues if purge else ():  # the default queue and the reports queue
            conn.default_channel.queue_purge(queue)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30, **worker_options
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _reset_broker_connections(app)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker on every queue (see `real_celery_worker`)."""
    with real_celery_worker() as worker:
        yield worker


@pytest.fixture
def broker_down():
    """Celery pointed at a port where no broker listens, as when Redis is down."""
    from config.celery import app

    dead = "redis://127.0.0.1:1/0"
    saved = {
        key: app.conf[key]
        for key in (
            "broker_url",
            "broker_read_url",
            "broker_write_url",
            "task_always_eager",
            "broker_connection_max_retries",
        )
    }
    app.conf.update(
        broker_url=dead,
        broker_read_url=dead,
        broker_write_url=dead,
        task_always_eager=False,
        broker_connection_max_retries=0,
    )
    _reset_broker_connections(app)
    yield
    app.conf.update(saved)
    _reset_broker_connections(app)
    from core import dispatch

    dispatch.reset_pause()  # the next test's broker is up: no request skips its attempt
