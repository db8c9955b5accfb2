"""A worker killed during a report (the pool child, as the OOM killer does; the whole worker, as
`kill -9` or a container restart does) still yields exactly one finished file in bounded time."""

import time

import pytest
from django.db import connection

from core.models import Opdracht, Rapport
from core.services import RAPPORT_TASK
from tests.faults.conftest import app_env, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

HARTSLAG_STIL = 3


def _request_report(controle, gemeente):
    """What `vraag_rapport_aan` records, for the test-only slow kind (only the app processes know it)."""
    rapport = Rapport.objects.create(
        soort="traag_xlsx",
        label="Traag rapport",
        parameters={"stappen": 10, "stap": 0.4},
        gemeente=gemeente,
        aangevraagd_door=controle,
    )
    Opdracht.objects.create(taak=RAPPORT_TASK, argumenten=[rapport.pk])
    return rapport


def _children(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


def _files(tmp_path, rapport):
    return sorted(p.name for p in (tmp_path / "private").rglob(f"{rapport.pk}-*"))


def _running(rapport):
    rapport.refresh_from_db()
    return rapport.status == Rapport.Status.BEZIG and rapport.voortgang >= 20


def _finished(rapport):
    rapport.refresh_from_db()
    return rapport.status == Rapport.Status.GEREED


@pytest.fixture
def stack(redis_server, app_processes, tmp_path):
    env = app_env(
        connection.settings_dict,
        redis_server.url,
        tmp_path,
        RAPPORT_HARTSLAG_INTERVAL=0.5,
        RAPPORT_HARTSLAG_STIL=HARTSLAG_STIL,
    )
    processes = app_processes(env)
    processes.relay(sweep_interval=0.5)
    return processes


def test_pool_child_killed_during_a_report_is_resumed_at_once_into_one_file(stack, tmp_path, controle, gemeente):
    worker = stack.worker(concurrency=1)
    rapport = _request_report(controle, gemeente)
    wait_for(lambda: _running(rapport), 40, 0.1, "report running")
    [child] = _children(worker.pid)
    import os
    import signal

    os.kill(child, signal.SIGKILL)  # as the OOM killer does
    killed = time.monotonic()
    wait_for(lambda: _finished(rapport), 30, 0.1, "report ready after the pool child died")
    recovered = time.monotonic() - killed
    print(f"\nFIGURES pool child killed: ready {recovered:.1f} s after the kill (attempts {rapport.pogingen})")
    assert rapport.pogingen == 2 and rapport.checksum
    assert _files(tmp_path, rapport) == [f"{rapport.pk}-traag-{rapport.pk}.xlsx"]
    assert recovered < 20


def test_whole_worker_killed_during_a_report_is_resumed_by_the_restarted_worker_into_one_file(
    stack, tmp_path, controle, gemeente
):
    worker = stack.worker(concurrency=1)
    rapport = _request_report(controle, gemeente)
    wait_for(lambda: _running(rapport), 40, 0.1, "report running")
    stack.kill(worker)  # SIGKILL to the whole process group: main process and pool
    killed = time.monotonic()
    stack.worker(concurrency=1)  # the supervisor (docker-compose restart policy, systemd) restarts it
    wait_for(lambda: _finished(rapport), 60, 0.1, "report ready after the worker was killed")
    recovered = time.monotonic() - killed
    print(f"\nFIGURES whole worker killed: ready {recovered:.1f} s after the kill (attempts {rapport.pogingen})")
    assert rapport.pogingen == 2 and rapport.checksum
    assert _files(tmp_path, rapport) == [f"{rapport.pk}-traag-{rapport.pk}.xlsx"]
    # The killed attempt's message is still unacknowledged in the broker; when the visibility
    # timeout hands it out again it finds the report ready and does nothing.
    assert recovered < 40
