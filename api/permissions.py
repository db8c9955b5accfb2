"""Scopes: which endpoints a key may call. What it may do there is decided by the rules perms and
access scopes of its service user, exactly as for a person."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import permissions

from .models import ApiSleutel


class HeeftScope(permissions.BasePermission):
    """The view's `scopes` for reading (GET/HEAD/OPTIONS) and `write_scopes` for changes."""

    message = _("Deze API-sleutel heeft niet de scope die hiervoor nodig is.")

    def has_permission(self, request, view):
        api_sleutel = request.auth
        if not isinstance(api_sleutel, ApiSleutel):
            return False
        nodig = view.scopes if request.method in permissions.SAFE_METHODS else view.write_scopes
        return bool(set(nodig) & set(api_sleutel.scopes))
