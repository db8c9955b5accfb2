import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .models import Organisatie

ACTIVE_GEMEENTE_SESSION_KEY = "actieve_gemeente"

_TWO_FACTOR_EXEMPT_PREFIXES = ("/account/", "/static/", "/healthz", "/oidc/")
OIDC_MFA_SESSION_KEY = "oidc_mfa"  # core.oidc_auth.MFA_SESSION_KEY (that module imports the auth stack)


class RequireTwoFactorMiddleware:
    """Finance and beheer staff must confirm a TOTP code before they can do anything else, unless they
    logged in through an identity provider that asserted its own second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_two_factor
            and not user.is_verified()
            # The identity provider did the second step (acr/amr, see core/oidc.py).
            and not request.session.get(OIDC_MFA_SESSION_KEY)
            and not request.path.startswith(_TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            return redirect(f"{reverse('core:twee_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


class ActiveGemeenteMiddleware:
    """`request.gemeente`: the gemeente a staff member is working in (switchable), or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.gemeente = None
        user = request.user
        if user.is_authenticated and user.gemeente_ids:
            wanted = request.session.get(ACTIVE_GEMEENTE_SESSION_KEY)
            gemeente_id = wanted if wanted in user.gemeente_ids else min(user.gemeente_ids)
            request.gemeente = Organisatie.objects.select_related("huisstijl").filter(pk=gemeente_id).first()
        return self.get_response(request)


SESSION_STARTED_KEY = "sessie_begonnen"
SESSION_SEEN_KEY = "sessie_laatst_gezien"


def start_session_clock(sender, request, user, **kwargs):
    """At login (connected to `user_logged_in`): the session's clock starts, in the session that
    login saves anyway (so the first page after login writes nothing extra)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Log out after `SESSION_IDLE_TIMEOUT` seconds without a request and, whatever happens,
    `SESSION_ABSOLUTE_LIFETIME` seconds after the session began."""

    # Write the last-seen time at most this often (a session write per request is not needed).
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED_KEY, now)
            seen = session.get(SESSION_SEEN_KEY, now)
            idle = now - seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or too_old:
                logout(request)
                messages.info(
                    request,
                    _("U bent uitgelogd omdat u een tijd niets heeft gedaan. Log opnieuw in.")
                    if idle
                    else _("Uw sessie is verlopen. Log opnieuw in."),
                )
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    return redirect_to_login(request.get_full_path())
                return redirect_to_login(reverse("core:start"))
            if now - seen >= self.RESOLUTION or SESSION_SEEN_KEY not in session:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Security headers on every response: a Permissions-Policy that switches every browser feature
    off, and `Cache-Control: no-store` on whatever a logged-in person gets (pages, PDFs, exports,
    attachments) unless the view set its own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            if "Cache-Control" not in response or "no-store" not in response["Cache-Control"]:
                patch_cache_control(response, no_store=True, no_cache=True, private=True, must_revalidate=True)
                response.headers.pop("Expires", None)
        return response
