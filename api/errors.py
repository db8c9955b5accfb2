"""Every API error as Dutch problem+json (RFC 7807): type, title, status, detail and, for input
errors, `errors` per field. Service errors (Django's ValidationError, PermissionDenied, the workflow's
TransitionRefused) come out the same way as DRF's own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASIS = "https://spuk-beheer.nl/api/problemen/"

TITELS = {
    400: ("ongeldige-invoer", "De invoer is niet in orde."),
    401: ("niet-geauthenticeerd", "Geen geldige API-sleutel."),
    403: ("geen-toegang", "Geen toegang."),
    404: ("niet-gevonden", "Niet gevonden."),
    405: ("methode-niet-toegestaan", "Deze methode is hier niet toegestaan."),
    406: ("niet-acceptabel", "Dit antwoordformaat wordt niet geleverd."),
    409: ("conflict", "Conflict."),
    413: ("te-groot", "Het verzoek is te groot."),
    415: ("mediatype-niet-ondersteund", "Dit mediatype wordt niet ondersteund."),
    429: ("te-veel-verzoeken", "Te veel verzoeken."),
}


def _velden(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("algemeen" if k in ("__all__", "") else k): list(v) for k, v in error.message_dict.items()}
    return {"algemeen": list(error.messages)}


def _drf_velden(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        result: dict[str, list[str]] = {}
        for key, value in detail.items():
            naam = "algemeen" if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
            result.update(_drf_velden(value, naam))
        return result
    if isinstance(detail, list):
        if all(not isinstance(v, dict | list) for v in detail):
            return {prefix or "algemeen": [str(v) for v in detail]}
        result = {}
        for index, value in enumerate(detail):
            result.update(_drf_velden(value, f"{prefix}.{index}" if prefix else str(index)))
        return result
    return {prefix or "algemeen": [str(detail)]}


def probleem(status_code: int, detail: str, errors: dict[str, list[str]] | None = None, **headers: str) -> Response:
    slug, titel = TITELS.get(status_code, ("fout", "Er ging iets mis."))
    body: dict[str, Any] = {"type": TYPE_BASIS + slug, "title": _(titel), "status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers or None)
    return response


def handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        errors = _velden(exc)
        detail = " ".join(dict.fromkeys(m for ms in errors.values() for m in ms))
        return probleem(status.HTTP_400_BAD_REQUEST, detail, errors)
    if isinstance(exc, Http404):
        return probleem(404, str(exc) if str(exc) else _("Niet gevonden, of u heeft er geen toegang toe."))
    if isinstance(exc, PermissionDenied):
        return probleem(403, str(exc) or _("U mag dit niet doen."))
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    headers = {k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_velden(exc.detail)
        return probleem(400, _("Controleer de velden in ‘errors’."), errors, **headers)
    detail = exc.detail if isinstance(exc.detail, str) else " ".join(str(v) for v in exc.detail)  # type: ignore[union-attr]
    if isinstance(exc, exceptions.Throttled):
        detail = _("Te veel verzoeken met deze sleutel. Probeer het over %(s)s seconden opnieuw.") % {
            "s": exc.wait and int(exc.wait) or 1
        }
    return probleem(response.status_code, str(detail), **headers)


def schema_hook(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing: the problem+json answers on every operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Probleem"] = {
        "type": "object",
        "description": "RFC 7807 problem details, in het Nederlands.",
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "description": "Meldingen per veld ('algemeen' voor de declaratie als geheel).",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["type", "title", "status", "detail"],
    }
    content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Probleem"}}}
    beschrijving = {
        400: "Ongeldige invoer of geweigerd door een bedrijfsregel",
        401: "Geen of een ongeldige API-sleutel",
        403: "De sleutel mist de scope of het recht",
        404: "Niet gevonden (of van een andere organisatie)",
        405: "Methode niet toegestaan",
        406: "Antwoordformaat niet beschikbaar",
        415: "Mediatype niet ondersteund",
        429: "Te veel verzoeken",
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, tekst in beschrijving.items():
                operation["responses"].setdefault(str(code), {"description": tekst, "content": content})
    return result
