"""Fault tests (issue 18): each starts its own Redis (and for the database test its own PostgreSQL
cluster) so it can stop them, runs the app as real processes (gunicorn, Celery worker, relay) on the
committed test database, and injects the fault. Run with `make faults` (marker `faults`)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {timeout} s")


class RedisServer:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                # As in docker-compose: what the broker accepted survives a restart.
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, 10, what=f"redis on {self.port}")

    def ping(self):
        import redis

        return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()

    def client(self, db=0):
        import redis

        return redis.Redis(port=self.port, db=db, socket_connect_timeout=1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # redis-server shuts down cleanly on SIGTERM
            self.process.wait(10)
        self.process = None


class AppProcesses:
    """gunicorn / Celery worker / relay processes sharing one environment; all stopped at teardown."""

    def __init__(self, env, logdir):
        self.env = env
        self.logdir = logdir
        self.processes = []

    def _spawn(self, name, args, **extra_env):
        log = open(self.logdir / f"{name}-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches the pool children too
        )
        process.log_path = log.name
        self.processes.append(process)
        return process

    def gunicorn(self, port, workers=2):
        process = self._spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
            ],
        )
        import requests

        wait_for(lambda: requests.get(f"http://127.0.0.1:{port}/account/inloggen/", timeout=2).ok, 30, 0.3, "gunicorn")
        return process

    def worker(self, concurrency=1):
        process = self._spawn(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-l",
                "info",
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        )
        wait_for(lambda: "ready." in Path(process.log_path).read_text(), 40, 0.2, "celery worker")
        return process

    def relay(self, sweep_interval=1.0):
        return self._spawn(
            "relay",
            [sys.executable, "manage.py", "relay_outbox", "--interval", "0.2", "--sweep-interval", str(sweep_interval)],
        )

    def kill(self, process, sig=signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait(15)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def app_env(database_settings, redis_url, tmp_path, **extra):
    from django.conf import settings

    db = database_settings
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "CELERY_", "PYTEST_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        DATABASE_URL=f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=f"{redis_url}/1",
        CELERY_BROKER_URL=f"{redis_url}/0",
        CELERY_RESULT_BACKEND="cache+memory://",
        DEBUG="False",
        DEMO_MODE="False",
        OTP_REQUIRED="False",
        AXES_ENABLED="False",
        SECRET_KEY=settings.SECRET_KEY,  # the sessions the test makes (session_cookie) must be valid there
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        CONN_MAX_AGE="60",
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",  # four slashes: an absolute path
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


@pytest.fixture
def app_processes(tmp_path):
    created = []

    def make(env):
        processes = AppProcesses(env, tmp_path)
        created.append(processes)
        return processes

    yield make
    for processes in created:
        processes.stop_all()


def session_cookie(user):
    """A logged-in session for `user`, as the login page would make it (committed to the database)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
