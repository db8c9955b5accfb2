"""`Authorization: Bearer spuk_<prefix>_<secret>`: the request runs as the key's service user."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import services


class ApiSleutelAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Geef precies één API-sleutel na ‘Bearer’."))
        api_sleutel = services.sleutel_voor(header[1])
        if api_sleutel is None:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is onbekend of ingetrokken."))
        services.noteer_gebruik(api_sleutel)
        return api_sleutel.gebruiker, api_sleutel

    def authenticate_header(self, request):
        return self.keyword


class ApiSleutelScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiSleutelAuthentication"
    name = "apiSleutel"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "API-sleutel van uw organisatie (uitgegeven door applicatiebeheer): spuk_<prefix>_<geheim>."
            ),
        }
