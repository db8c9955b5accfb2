"""gunicorn settings for SPUK-beheer (Dockerfile, docker-compose, `make bench`, systemd).

Sizing (README, "Landelijke installatie"): the app is synchronous Django whose requests mostly wait
on PostgreSQL, so each worker process runs a few threads (gthread): a slow page then occupies one
thread, not a whole process, and /healthz keeps answering. Start with workers = 2 × cores + 1 and
threads = 4; each worker holds about 150–250 MB, so memory rather than CPU usually sets the upper
bound. Every thread may hold one database connection (CONN_MAX_AGE): workers × threads × web hosts
must stay below PostgreSQL's max_connections (or pgbouncer's pool). Long work (SiSa PDF, large
exports) runs in Celery, never in a request: the timeout is a safety net, not a budget.

Every value can be overridden by an environment variable of the same name in capitals with the
GUNICORN_ prefix (GUNICORN_WORKERS=5, ...).
"""

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(f"GUNICORN_{name}", default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _env_int("WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = _env_int("THREADS", 4)
# A request that runs this long is a bug (reports run in Celery); the worker is recycled.
timeout = _env_int("TIMEOUT", 30)
graceful_timeout = _env_int("GRACEFUL_TIMEOUT", 30)
# No keep-alive: a gthread worker keeps a kept-alive connection in its own poller, so a client (or a
# proxy that reuses its upstream connections) stays on the worker that accepted it first. Under the
# bench's 20 users that put all page traffic on two of the five workers (one served 616 requests, three
# only /healthz) while the others idled; closing after each response lets the next request go to
# whichever worker accepts first, i.e. an idle one (per-worker requests 67–257 instead of 14–616;
# /healthz under the finance mix 1.60 x idle over eight runs against 1.77 x over seven with 5 s).
# The reverse proxy keeps its own keep-alive with browsers; a new local TCP connection costs ~0.1 ms.
keepalive = _env_int("KEEPALIVE", 0)
# Recycle workers now and then so a slow leak never grows without bound; jitter spreads the restarts.
max_requests = _env_int("MAX_REQUESTS", 2000)
max_requests_jitter = _env_int("MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on a container's overlay filesystem (gunicorn's advice for Docker).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None)
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" switches it off
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Behind a reverse proxy that terminates TLS (settings.SECURE_PROXY_SSL_HEADER trusts X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# A thread that waits on PostgreSQL or Redis needs the GIL back the moment its answer arrives; by
# default a thread rendering a template keeps it for up to 5 ms each time, and a cheap request
# (/healthz) waits that long at each of its few I/O steps. 1 ms keeps quick requests quick while
# heavy pages render (issue 15: /healthz under load against idle). 0.2 ms was tried on 30 November
# 2026: alternating runs of the beleid mix gave /healthz 1.4–1.9 × its idle p95 at 1 ms and
# 1.7–2.1 × at 0.2 ms, so 1 ms stays.
switch_interval = float(os.environ.get("GUNICORN_SWITCH_INTERVAL", "0.001"))


def post_worker_init(worker):
    import sys

    sys.setswitchinterval(switch_interval)
