"""Hand work to Celery by task *name* through an outbox, so that no web request waits on the broker.

`enqueue("core.tasks.genereer_rapport", rapport.pk)` writes an `Opdracht` row in the caller's
transaction: the work is recorded exactly when the change that causes it commits, and not at all
when it rolls back. After the commit the request makes **one** bounded attempt to hand the row to
the broker (`settings.DISPATCH_SEND_TIMEOUT`, a few hundred milliseconds; skipped for a few seconds
after a failure, so a dead broker costs a request nothing). Whatever did not get through is sent by
the relay: `manage.py relay_outbox` (a process of its own) and the sweeper task `core.tasks.veeg_op`.

A row the broker accepted is *verstuurd* and is never sent again by the relay; delivery after that
is the broker's job (acks_late + visibility timeout). Tasks must be idempotent all the same: the
relay may send a row again when it crashed between the broker's accept and its own commit.

Nothing here imports a tasks module, so services never import tasks and tasks may import services
freely (no import circle).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Opdracht

logger = logging.getLogger(__name__)

# Process-local circuit breaker: after a failed send, requests skip their attempt for a while.
_pause_until = 0.0
_pause_lock = threading.Lock()
# task name -> callables run (with the task's args) in the transaction that marks a row sent
_after_send: dict[str, list[Callable[..., Any]]] = {}


class BrokerUnavailable(Exception):
    """The broker did not accept a task; the rows stay pending for the relay."""


def _app() -> Any:
    from config.celery import app

    return app


def _task(name: str) -> Any:
    app = _app()
    if name not in app.tasks:
        # Task modules are discovered lazily; a web process may not have imported them yet.
        app.loader.import_default_modules()
    return app.tasks[name]


def after_send(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `fn(*args)` to run when a task `name` is handed to the broker (e.g. mark a record)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _after_send.setdefault(name, []).append(fn)
        return fn

    return register


def _connection(timeout: float | None) -> Any:
    """A broker connection of its own whose connect and socket operations give up after `timeout`."""
    app = _app()
    if timeout is None:
        return app.connection_for_write()
    options = dict(app.conf.broker_transport_options or {})
    options.update(socket_connect_timeout=timeout, socket_timeout=timeout, max_retries=0, interval_start=0)
    return app.connection_for_write(connect_timeout=timeout, transport_options=options)


def broker_paused() -> bool:
    return time.monotonic() < _pause_until


def reset_pause() -> None:
    """Forget a previous failure (tests; a process that knows the broker is back)."""
    global _pause_until
    _pause_until = 0.0


def _pause() -> None:
    global _pause_until
    with _pause_lock:
        _pause_until = time.monotonic() + settings.DISPATCH_PAUSE_AFTER_FAILURE


def relay(ids: Iterable[int] | None = None, *, limit: int = 200, timeout: float | None = None) -> int:
    """Hand pending outbox rows (all, or those in `ids`) to the broker; returns how many were sent.

    Rows are locked with SKIP LOCKED, so a request, the relay process and the sweeper never send the
    same row twice at once. Raises BrokerUnavailable (after recording the error) when the broker
    refuses; the rows not sent stay pending."""
    eager = bool(_app().conf.task_always_eager)
    failure: Exception | None = None
    with transaction.atomic():
        rows = Opdracht.objects.select_for_update(skip_locked=True).filter(status=Opdracht.Status.WACHTEND)
        if ids is not None:
            rows = rows.filter(pk__in=list(ids))
        batch = list(rows.order_by("pk")[:limit])
        if not batch:
            return 0
        sent: list[Opdracht] = []
        if eager:
            sent = batch  # run below, after this transaction commits
        else:
            try:
                with _connection(timeout) as conn:
                    for row in batch:
                        result = _task(row.taak).apply_async(args=row.argumenten, connection=conn, retry=False)
                        row.taak_id = result.id or ""
                        sent.append(row)
            except Exception as exc:  # noqa: BLE001 - any broker failure leaves the rest pending
                failure = exc
        now = timezone.now()
        for row in sent:
            Opdracht.objects.filter(pk=row.pk).update(
                status=Opdracht.Status.VERSTUURD,
                verstuurd_op=now,
                taak_id=row.taak_id,
                pogingen=row.pogingen + 1,
                laatste_fout="",
            )
            for hook in _after_send.get(row.taak, ()):
                hook(*row.argumenten)
        if failure is not None:
            unsent = batch[len(sent)]
            Opdracht.objects.filter(pk=unsent.pk).update(
                pogingen=unsent.pogingen + 1, laatste_fout=f"{failure.__class__.__name__}: {failure}"[:1000]
            )
    if eager:
        for row in sent:
            try:
                _task(row.taak).apply(args=row.argumenten, throw=True)
            except Exception:  # noqa: BLE001 - an eager task's failure is the task's business
                logger.exception("Eager task %s%r failed", row.taak, tuple(row.argumenten))
    if failure is not None:
        _pause()
        raise BrokerUnavailable(str(failure)) from failure
    return len(sent)


def send_now(opdracht_id: int, on_sent: Callable[[], Any] | None = None) -> bool:
    """The request's one bounded attempt for one row. Never raises: the relay does the rest."""
    if broker_paused() and not _app().conf.task_always_eager:
        return False
    try:
        sent = relay([opdracht_id], timeout=settings.DISPATCH_SEND_TIMEOUT)
    except BrokerUnavailable:
        logger.warning("Broker unreachable: outbox row %s left for the relay", opdracht_id)
        return False
    except Exception:  # noqa: BLE001 - the change is committed; never turn it into an error page
        logger.exception("Could not hand outbox row %s to the broker", opdracht_id)
        return False
    if sent and on_sent is not None:
        try:
            on_sent()
        except Exception:  # noqa: BLE001
            logger.exception("on_sent of outbox row %s failed", opdracht_id)
    return bool(sent)


def enqueue(name: str, *args: Any, on_sent: Callable[[], Any] | None = None) -> Opdracht:
    """Record task `name(*args)` in the current transaction; try to send it once it commits."""
    opdracht = Opdracht.objects.create(taak=name, argumenten=list(args))
    transaction.on_commit(lambda: send_now(opdracht.pk, on_sent=on_sent))
    return opdracht


def pending_count() -> int:
    return Opdracht.objects.filter(status=Opdracht.Status.WACHTEND).count()
