"""Load for `make bench` (bench/run.py starts it headless, one role mix at a time).

BENCH_PLAN points at a JSON file written by run.py: {"mix": ..., "cookie": name, "sessions": [...],
"paginas": [{"naam", "url"}]}. Page users log in with a prepared session and walk the mix's pages in
random order; one extra user measures /healthz during the same run (the ratio's denominator).
"""

import json
import os
import random

from locust import HttpUser, between, constant, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())
# Production sits behind TLS termination: settings trust X-Forwarded-Proto (no SSL redirect).
HEADERS = {"X-Forwarded-Proto": "https"}


class PaginaUser(HttpUser):
    wait_time = between(0.5, 1.5)
    weight = 1

    def on_start(self):
        self.client.cookies.set(PLAN["cookie"], random.choice(PLAN["sessions"]))

    @task
    def pagina(self):
        pagina = random.choice(PLAN["paginas"])
        with self.client.get(pagina["url"], name=pagina["naam"], headers=HEADERS, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")


class HealthzUser(HttpUser):
    fixed_count = 1
    wait_time = constant(0.25)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz", headers=HEADERS)
