"""The demo data (`manage.py demo_data`), loaded once per test session and shared by the tests that
request the `demo_data` fixture.

How: the first such test opens a transaction on the test database (outside its own test
transaction) and loads the demo into it. Every test then runs in its own savepoint inside that
transaction (pytest-django's `db`), so whatever a test changes is rolled back and the next test
sees the pristine demo. The demo tests run first (see pytest_collection_modifyitems); after the last
one the shared transaction is rolled back, so every later test starts from an empty database as
before. Nothing is ever committed.

Transactional tests (live server, browsers, threads) cannot see an uncommitted transaction: for them
`demo_data` loads the demo for real and pytest-django's flush removes it after the test.

`tests/core/test_infra.py` still runs `demo_data` twice on an empty database to prove it idempotent.
"""

import io

import pytest

FIXTURE = "demo_data"


def _is_transactional(item):
    """The same decision pytest-django makes (TransactionTestCase instead of TestCase)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def shares_the_demo(item):
    return item is not None and FIXTURE in getattr(item, "fixturenames", ()) and not _is_transactional(item)


def _load_demo(media_root):
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(media_root), PRIVATE_MEDIA_ROOT=media_root):
        call_command("demo_data", stdout=io.StringIO())


class SharedDemo:
    """The open transaction holding the demo; `close()` rolls it back."""

    def __init__(self, django_db_blocker, media_root):
        self._blocker = django_db_blocker
        self._media_root = media_root
        self._atomic = None

    @property
    def is_open(self):
        return self._atomic is not None

    def open(self):
        from django.db import transaction

        with self._blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                _load_demo(self._media_root)
            except BaseException:
                self.close()
                raise

    def close(self):
        if self._atomic is None:
            return
        from django.db import transaction

        atomic, self._atomic = self._atomic, None
        with self._blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_current = {"item": None, "demo": None}


def pytest_itemcollected(item):
    """Under pytest-xdist (`--dist loadgroup`) the tests sharing the demo go to one process, which
    then loads it once."""
    if shares_the_demo(item):
        item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that share the demo first (pytest-django has already put the database tests
    before the transactional ones; this keeps that order within both groups)."""
    shared = [item for item in items if shares_the_demo(item)]
    if shared:
        items[:] = shared + [item for item in items if not shares_the_demo(item)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _current["item"] = item


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # After the test's own transaction is rolled back: close the demo's when no further test
        # (in this process) shares it.
        demo = _current["demo"]
        if demo is not None and demo.is_open and not shares_the_demo(nextitem):
            demo.close()


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    demo = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    _current["demo"] = demo
    # Session fixtures are set up before the test's own transaction begins, so this is the one
    # moment the shared transaction can be opened underneath it.
    if shares_the_demo(_current["item"]):
        demo.open()
    yield demo
    demo.close()
    _current["demo"] = None


@pytest.fixture
def demo_data(request, _shared_demo, db, settings, tmp_path):
    """The complete demo (every app's demo.py, as `manage.py demo_data` loads it)."""
    if _is_transactional(request.node):
        # Committed for the live server and other threads; the flush after the test removes it.
        settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path / "demo-media"
        _load_demo(settings.MEDIA_ROOT)
    elif not _shared_demo.is_open:
        # Only when tests run in an order where the shared transaction is already gone (for example
        # a demo test handed to a worker after other tests): load it inside this test's transaction.
        _load_demo(tmp_path / "demo-media")
