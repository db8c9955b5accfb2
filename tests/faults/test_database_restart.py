"""Database restart under load: the ledger stays balanced, declaration numbers and stuknummers stay
gapless, and every request that fails while PostgreSQL is away gets a Dutch error page (issue 18).

The test runs its own PostgreSQL 15 cluster (so it can restart it), loads the demo data into it,
starts gunicorn against it, and drives partner submissions and finance approvals through the real
pages from a few threads while the cluster restarts once."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.factories.buurtplan import PDF_BYTES
from tests.faults.conftest import ROOT, app_env, free_port

pytestmark = [pytest.mark.faults]

PG_BIN = Path("/usr/lib/postgresql/15/bin")
LOAD_SECONDS = 15
RESTART_AFTER = 5
PARTNER_THREADS = 3
DUTCH_503 = "SPUK-beheer is tijdelijk niet beschikbaar"
DUTCH_500 = "Er ging iets mis"
FIGURES: dict[str, object] = {}


class PostgresCluster:
    """A throw-away PostgreSQL cluster on a free port; run as `postgres` when the test runs as root."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="spuk-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, "postgres", "postgres")

    def _run(self, *args, check=True, timeout=60):
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, timeout=timeout, capture_output=True, text=True)

    def pg_ctl(self, *args, check=True):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory} -c fsync=off"
        return self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.directory / "postgres.log"), "-o", options, "-w", *args,
            check=check,
        )  # fmt: skip

    def init(self):
        self._run("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "-D", str(self.data))
        self.pg_ctl("start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "spuk")

    def settings_dict(self):
        return {"USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": self.port, "NAME": "spuk"}

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 binaries not installed")
    pg = PostgresCluster()
    try:
        pg.init()
        yield pg
    finally:
        pg.destroy()


def _manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


PREPARE = """
import json
from django.test import Client
from django.contrib.auth import get_user_model
User = get_user_model()
from declaraties.views import _regels_voor_form
def cookie(email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.cookies["sessionid"].value
partner = User.objects.get(email="partner@perspectief.demo")
regel = next(r for r in _regels_voor_form(partner) if r.jaar == 2025)
print(json.dumps({
    "regel": regel.pk,
    "partner": [cookie("partner@perspectief.demo") for _ in range(%(threads)d)],
    "financien": cookie("financien@zutphen.demo"),
}))
"""

NUMBERS = """
import json
from collections import defaultdict
from declaraties.models import Declaratie, Nummerteller
from grootboek.models import Journaalpost
nummers = defaultdict(list)
for gemeente_id, nummer in Declaratie.objects.exclude(nummer="").values_list("gemeente_id", "nummer"):
    jaar, volgnummer = nummer[1:].split("-")
    nummers[f"{gemeente_id}/{jaar}"].append(int(volgnummer))
tellers = {f"{t.gemeente_id}/{t.jaar}": t.laatste for t in Nummerteller.objects.all()}
stuk = defaultdict(list)
for gemeente_id, boekjaar, volgnummer in Journaalpost.objects.values_list("gemeente_id", "boekjaar", "volgnummer"):
    stuk[f"{gemeente_id}/{boekjaar}"].append(volgnummer)
print(json.dumps({"nummers": nummers, "tellers": tellers, "stuknummers": stuk}))
"""


class Load:
    """Records every response of the load threads: (time, kind, status, Retry-After, body)."""

    def __init__(self, base, stop):
        self.base = base
        self.stop = stop
        self.results = []
        self.submitted = []
        self.lock = threading.Lock()

    def record(self, kind, response):
        with self.lock:
            self.results.append(
                (time.monotonic(), kind, response.status_code, response.headers.get("Retry-After"), response.text)
            )

    def get(self, session, kind, path):
        response = session.get(f"{self.base}{path}", timeout=30, allow_redirects=False)
        self.record(kind, response)
        return response

    def post(self, session, kind, path, **kwargs):
        response = session.post(f"{self.base}{path}", timeout=30, allow_redirects=False, **kwargs)
        self.record(kind, response)
        return response

    def partner(self, cookie, regel, index):
        session = requests.Session()
        session.cookies.set("sessionid", cookie)
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                form = self.get(session, "formulier", "/declaraties/nieuw/")
                if form.status_code != 200 or "csrftoken" not in session.cookies:
                    time.sleep(0.2)
                    continue
                data = {
                    "csrfmiddlewaretoken": session.cookies["csrftoken"],
                    "begrotingsregel": str(regel),
                    "periode_van": "01-01-2025",
                    "periode_tot": "31-03-2025",
                    "bedrag": "1,00",
                    "omschrijving": f"Herstarttest {index}-{n}",
                    "factuurnummer": f"DBF-{index}-{n:04d}",
                    "niet_elders_gefinancierd": "on",
                    "indienen": "1",
                }
                files = {"bijlagen": ("factuur.pdf", PDF_BYTES, "application/pdf")}
                response = self.post(session, "indienen", "/declaraties/nieuw/", data=data, files=files)
                if response.status_code == 302 and "/declaraties/" in response.headers["Location"]:
                    pk = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
                    if pk.isdigit():
                        with self.lock:
                            self.submitted.append(int(pk))
            except requests.RequestException as exc:  # a connection error is a failure too
                with self.lock:
                    self.results.append((time.monotonic(), "verbinding", 0, None, repr(exc)))
                time.sleep(0.2)

    def finance(self, cookie):
        session = requests.Session()
        session.cookies.set("sessionid", cookie)
        while not self.stop.is_set():
            with self.lock:
                pk = self.submitted.pop(0) if self.submitted else None
            try:
                if pk is None:
                    self.get(session, "werkvoorraad", "/declaraties/")
                    time.sleep(0.1)
                    continue
                page = self.get(session, "detail", f"/declaraties/{pk}/")
                if page.status_code != 200 or "csrftoken" not in session.cookies:
                    continue
                data = {"csrfmiddlewaretoken": session.cookies["csrftoken"], "actie": "goedkeuren"}
                self.post(session, "goedkeuren", f"/declaraties/{pk}/beoordelen/", data=data)
            except requests.RequestException as exc:
                with self.lock:
                    self.results.append((time.monotonic(), "verbinding", 0, None, repr(exc)))
                time.sleep(0.2)


def test_database_restart_under_load_keeps_ledger_balanced_numbers_gapless_and_errors_dutch(
    cluster, redis_server, app_processes, tmp_path
):
    started = time.monotonic()
    env = app_env(cluster.settings_dict(), redis_server.url, tmp_path, CONN_MAX_AGE=60)
    migrate = _manage(env, "migrate", "--no-input")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    demo = _manage(env, "demo_data", "--force")
    assert demo.returncode == 0, demo.stderr[-3000:]
    prepared = _manage(env, "shell", "-c", PREPARE % {"threads": PARTNER_THREADS})
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    setup = json.loads(prepared.stdout.strip().splitlines()[-1])
    FIGURES["setup_seconds"] = round(time.monotonic() - started, 1)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    processes = app_processes(env)
    processes.gunicorn(port, workers=3)

    stop = threading.Event()
    load = Load(base, stop)
    threads = [
        threading.Thread(target=load.partner, args=(cookie, setup["regel"], i), daemon=True)
        for i, cookie in enumerate(setup["partner"])
    ]
    threads.append(threading.Thread(target=load.finance, args=(setup["financien"],), daemon=True))
    load_started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(RESTART_AFTER)
        restart_started = time.monotonic()
        cluster.pg_ctl("stop", "-m", "fast")
        time.sleep(2)
        cluster.pg_ctl("start")
        restart_done = time.monotonic()
        time.sleep(max(0.0, load_started + LOAD_SECONDS - time.monotonic()))
    finally:
        stop.set()
        for thread in threads:
            thread.join(40)

    # The site is back: a plain request after the run succeeds.
    recovered = requests.get(f"{base}/account/inloggen/", timeout=10)
    assert recovered.status_code == 200

    results = load.results
    failures = [r for r in results if r[2] >= 500 or r[2] == 0]
    for _at, kind, status, retry_after, body in results:
        assert "Server Error (500)" not in body and "Internal Server Error" not in body, (kind, status, body[:300])
        if status == 503:
            assert DUTCH_503 in body and retry_after, (kind, body[:300])
        elif status == 500:
            assert DUTCH_500 in body, (kind, body[:300])
        else:
            assert status in (200, 302), (kind, status, body[:500])  # 0: the connection failed
    after_restart = [r for r in results if r[0] > restart_done and r[2] in (200, 302)]
    assert after_restart, "no successful request after the restart"
    first_success = min(r[0] for r in after_restart)
    successes = {
        kind: sum(1 for r in results if r[1] == kind and r[2] in (200, 302)) for kind in ("indienen", "goedkeuren")
    }
    assert successes["indienen"] > 0 and successes["goedkeuren"] > 0
    assert any(r[0] > restart_done and r[1] == "indienen" and r[2] == 302 for r in results)

    controle = _manage(env, "grootboek_controle")
    assert controle.returncode == 0, controle.stdout[-3000:] + controle.stderr[-3000:]

    numbers = _manage(env, "shell", "-c", NUMBERS)
    assert numbers.returncode == 0, numbers.stderr[-3000:]
    found = json.loads(numbers.stdout.strip().splitlines()[-1])
    for key, volgnummers in found["nummers"].items():
        assert sorted(volgnummers) == list(range(1, len(volgnummers) + 1)), f"declaratienummers {key}"
        assert found["tellers"][key] == len(volgnummers), f"nummerteller {key}"
    for key, volgnummers in found["stuknummers"].items():
        assert sorted(volgnummers) == list(range(1, len(volgnummers) + 1)), f"stuknummers {key}"

    FIGURES.update(
        requests=len(results),
        submitted=successes["indienen"],
        approved=successes["goedkeuren"],
        status_503=sum(1 for r in results if r[2] == 503),
        status_500=sum(1 for r in results if r[2] == 500),
        connection_errors=sum(1 for r in results if r[2] == 0),
        failures=len(failures),
        failures_after_start=sum(1 for r in failures if r[0] > restart_done),
        last_failure_after_start=round(max((r[0] for r in failures), default=restart_done) - restart_done, 2),
        restart_seconds=round(restart_done - restart_started, 1),
        recovery_after_start=round(first_success - restart_done, 2),
        total_seconds=round(time.monotonic() - started, 1),
    )
    print(f"\nFIGURES database restart: {FIGURES}")
