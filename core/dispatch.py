"""Hand work to Celery by task *name*, after the transaction commits, without importing tasks.

Services record what must happen (a `Melding` without e-mail sent, a `Rapport` in the queue) and
then call `enqueue("core.tasks.genereer_rapport", rapport.pk)`. Nothing here imports a tasks module,
so services never import tasks and tasks may import services freely (no import circle).

When the broker is unreachable the record stays as it is and the sweeper (`core.tasks.veeg_op`)
queues it later; the caller learns this from the return value of `send_now`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def _task(name: str) -> Any:
    from config.celery import app

    if name not in app.tasks:
        # Task modules are discovered lazily; a web process may not have imported them yet.
        app.loader.import_default_modules()
    return app.tasks[name]


def send_now(name: str, *args: Any, on_sent: Callable[[], Any] | None = None) -> bool:
    """Give one task to the broker now. False (and a warning) when the broker does not answer."""
    try:
        _task(name).apply_async(args=args, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the record stays, the sweeper retries
        logger.warning("Broker unreachable: %s%r left for the sweeper", name, args, exc_info=True)
        return False
    if on_sent is not None:
        on_sent()
    return True


def enqueue(name: str, *args: Any, on_sent: Callable[[], Any] | None = None) -> None:
    """Send task `name` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: send_now(name, *args, on_sent=on_sent))
