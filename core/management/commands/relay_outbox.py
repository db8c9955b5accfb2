"""Hand the outbox (`core.Opdracht`) to the broker, as a long-running process next to the worker.

    python manage.py relay_outbox                # run until SIGTERM/SIGINT
    python manage.py relay_outbox --once         # one pass (cron, tests)

Each pass sends what is pending and, every --sweep-interval seconds, queues again the reports whose
heartbeat stopped (`core.services.requeue_stale_reports`). A dead broker or database makes it back
off (1, 2, 4 … 30 s) and carry on; it never gives up.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections

from core import dispatch, services

logger = logging.getLogger("core.relay")


class Command(BaseCommand):
    help = "Geef de uitgestelde taken (outbox) aan de broker en zet vastgelopen rapporten opnieuw in de wachtrij."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Eén ronde en dan stoppen.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconden tussen rondes zonder werk.")
        parser.add_argument(
            "--sweep-interval", type=float, default=30.0, help="Seconden tussen controles op vastgelopen rapporten."
        )
        parser.add_argument("--max-backoff", type=float, default=30.0)

    def handle(self, *args, once=False, interval=1.0, sweep_interval=30.0, max_backoff=30.0, **options):
        self.stopping = False

        def stop(signum, frame):
            self.stopping = True

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        backoff = 0.0
        last_sweep = 0.0
        while not self.stopping:
            sent = 0
            try:
                if not once:
                    close_old_connections()  # a database restart leaves a broken connection behind
                if sweep_interval and time.monotonic() - last_sweep >= sweep_interval:
                    last_sweep = time.monotonic()
                    requeued = services.requeue_stale_reports()
                    if requeued:
                        logger.warning("Reports queued again after their heartbeat stopped: %s", requeued)
                sent = dispatch.relay(timeout=5)
                while sent and not self.stopping and not once:
                    more = dispatch.relay(timeout=5)
                    sent += more
                    if not more:
                        break
                if sent:
                    logger.info("Handed %s task(s) to the broker", sent)
                backoff = 0.0
            except dispatch.BrokerUnavailable as exc:
                backoff = min(max_backoff, backoff * 2 or 1.0)
                logger.warning("Broker unreachable (%s); next attempt in %.0f s", exc, backoff)
            except DatabaseError as exc:
                if once:
                    raise
                connections.close_all()
                backoff = min(max_backoff, backoff * 2 or 1.0)
                logger.warning("Database unreachable (%s); next attempt in %.0f s", exc, backoff)
            if once:
                break
            self._sleep(backoff or (0 if sent else interval))
        if not once:
            connections.close_all()

    def _sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
