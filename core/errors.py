"""Honest answers under failure: Dutch error pages, 503 while the database is away, and no error page
for a request whose change was committed.

- `handler500` / `handler400` (config/urls.py) render stand-alone pages (templates/error_base.html:
  no user, no navigation, no database). An uncaught OperationalError/InterfaceError anywhere (view or
  middleware) becomes the 503 page with `Retry-After`.
- `DatabaseUnavailableMiddleware` (early in MIDDLEWARE) turns a database failure in a view into the
  same 503 page.
- `CommittedSafeSessionMiddleware` replaces Django's: when saving the session fails after the view
  (the database went away after the view committed, or the session row was deleted), the response
  the view gave still goes out, without the flash message, instead of "session was deleted".
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _render(template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    try:
        body = loader.get_template(template_name).render(context or {})
    except Exception:  # noqa: BLE001 - an error page must never fail itself
        logger.exception("Error page %s could not be rendered", template_name)
        body = (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>SPUK-beheer</title></head>'
            "<body><h1>Er ging iets mis</h1><p>Probeer het later opnieuw.</p></body></html>"
        )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    response = _render("503.html", 503, {"retry_after": RETRY_AFTER_SECONDS})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def handler500(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable(request)
    response = _render("500.html", 500)
    response["Cache-Control"] = "no-store"
    return response


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render("400.html", 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the Dutch 403 text instead of Django's English explanation."""
    return _render("400.html", 403)


class DatabaseUnavailableMiddleware:
    """503 instead of 500 when a view hits an unreachable database. A failed connect inside another
    middleware (sessions, authentication) reaches `handler500`, which answers the same 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            logger.warning("Database went away during %s %s: %s", request.method, request.path, exception)
            return service_unavailable(request)
        return None


class CommittedSafeSessionMiddleware(SessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError) as exc:
            logger.warning(
                "Session of %s %s not saved (%s); the response (%s) goes out as it is",
                request.method,
                request.path,
                exc.__class__.__name__,
                response.status_code,
            )
            return response
