"""The Django admin is a tool for platform operators (`is_superuser`) only.

Application managers (the beheer role) work in the app's own beheer pages (`core/beheer`), scoped
to their gemeenten. Anyone else who is logged in gets a 404 for every admin URL, so the admin is
neither reachable nor discoverable; an anonymous visitor is sent to the app's own login (with its
lockout and two-factor), never to the admin's login form.
"""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect


def is_platform_operator(user: Any) -> bool:
    """A superuser who, where two-factor is required, has confirmed a TOTP code."""
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        return False
    return not settings.OTP_REQUIRED or user.is_verified()


class OperatorAdminSite(admin.AdminSite):
    site_header = "SPUK-beheer – platformbeheer"
    site_title = "SPUK-beheer platformbeheer"
    index_title = "Platformbeheer"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_platform_operator(request.user)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not request.user.is_superuser:
                raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """No second login form: the app's login (lockout, two-factor) is the only one."""
        if request.user.is_authenticated and not request.user.is_superuser:
            raise Http404
        if self.has_permission(request):
            return redirect("admin:index")
        return redirect_to_login(request.GET.get("next") or request.path.replace("login/", ""))
