"""The OpenID Connect protocol side of provider login: mozilla-django-oidc, configured per request.

mozilla-django-oidc reads one provider from settings; here every value comes from the
`IdentityProvider` row the login started with (`/oidc/<slug>/inloggen/`). One callback URL serves
all providers (`/oidc/callback/`): the session remembers which provider each `state` belongs to.
What the claims mean is decided in `core/oidc.py`.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from core.auth import LoadsAccessWithUser, ZonderModelrechten

from . import oidc
from .models import IdentityProvider

logger = logging.getLogger(__name__)

STATE_PROVIDER_SESSION_KEY = "oidc_state_provider"
# {"slug": ..., "id_token": ...} of the provider the session logged in with (for logout).
PROVIDER_SESSION_KEY = "oidc_provider"
# True when the provider asserted the second factor (acr/amr); the app's TOTP is then skipped.
MFA_SESSION_KEY = "oidc_mfa"


def provider_settings(provider: IdentityProvider) -> dict:
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": provider.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": provider.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": provider.userinfo_endpoint,
        "OIDC_OP_JWKS_ENDPOINT": provider.jwks_uri,
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": provider.sign_algo,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_callback",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_CREATE_USER": True,
        "OIDC_VERIFY_SSL": True,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "LOGIN_REDIRECT_URL_FAILURE": "login",
    }


class _PerProvider:
    provider: IdentityProvider | None = None

    def get_settings(self, attr, *args):  # type: ignore[override]  # an instance method here, a staticmethod upstream
        if self.provider is not None:
            values = provider_settings(self.provider)
            if attr in values:
                return values[attr]
        return import_from_settings(attr, *args)

    def _apply(self, provider: IdentityProvider) -> None:
        """Set the attributes upstream's __init__ would have read from settings."""
        self.provider = provider
        values = provider_settings(provider)
        for attr in (
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_RP_SIGN_ALGO",
            "OIDC_RP_IDP_SIGN_KEY",
        ):
            setattr(self, attr, values[attr])
        self.OIDC_OP_AUTH_ENDPOINT = values["OIDC_OP_AUTHORIZATION_ENDPOINT"]


class ProviderBackend(LoadsAccessWithUser, ZonderModelrechten, _PerProvider, OIDCAuthenticationBackend):
    """Authenticates the callback of the provider the request carries (`request.oidc_provider`)."""

    def __init__(self, *args, **kwargs):
        # Upstream reads one provider from settings here; ours comes with the request.
        self.UserModel = get_user_model()
        self.provider = None

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "oidc_provider", None) if request is not None else None
        if provider is None or "nonce" not in kwargs:
            return None
        self._apply(provider)
        try:
            return super().authenticate(request, **kwargs)
        except oidc.LoginRefused as refusal:
            request.oidc_refusal = refusal
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, KeyError, ValueError) as exc:
            # A token that does not verify (wrong key, altered, other issuer), or an unreachable provider.
            logger.warning("OIDC login via %s refused: %s", provider.slug, exc)
            request.oidc_refusal = oidc.LoginRefused(
                _(
                    "Het inloggen via %(naam)s is mislukt: het antwoord van de identity provider kon niet worden gecontroleerd."
                )
                % {"naam": provider.naam},
                code="ongeldig_token",
            )
        return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        assert self.provider is not None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != self.provider.issuer or self.provider.client_id not in audiences:
            raise SuspiciousOperation("id_token issuer or audience does not match the provider")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        assert self.provider is not None
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo belongs to another subject than the id_token")
        claims = {**payload, **userinfo}
        user = oidc.login_from_claims(self.provider, claims)
        self.request.oidc_login = {
            "slug": self.provider.slug,
            "id_token": id_token,
            "mfa": oidc.mfa_asserted(self.provider, payload),
        }
        return user


class ProviderLoginView(_PerProvider, OIDCAuthenticationRequestView):
    """`/oidc/<slug>/inloggen/`: off to the provider's authorization endpoint."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request, slug):
        self._apply(get_object_or_404(IdentityProvider, slug=slug, actief=True))
        response = super().get(request)
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        started = request.session.get(STATE_PROVIDER_SESSION_KEY, {})
        # Only the last few logins in flight are remembered (the upstream state list is bounded too).
        started = dict(list(started.items())[-9:])
        started[state] = slug
        request.session[STATE_PROVIDER_SESSION_KEY] = started
        return response


class ProviderCallbackView(_PerProvider, OIDCAuthenticationCallbackView):
    """`/oidc/callback/`: code → tokens → verified claims → account (or a Dutch refusal page)."""

    def get(self, request):
        slug = request.session.get(STATE_PROVIDER_SESSION_KEY, {}).pop(request.GET.get("state", ""), None)
        request.session.modified = True
        provider = IdentityProvider.objects.filter(slug=slug, actief=True).select_related("gemeente").first()
        if provider is None:
            return self._refuse(_("Deze inlogpoging is verlopen of onbekend. Probeer opnieuw in te loggen."))
        request.oidc_provider = provider
        self._apply(provider)
        try:
            return super().get(request)
        except SuspiciousOperation:
            return self._refuse(_("Deze inlogpoging is verlopen of onbekend. Probeer opnieuw in te loggen."))

    def login_success(self):
        response = super().login_success()
        login = getattr(self.request, "oidc_login", {})
        self.request.session[PROVIDER_SESSION_KEY] = {"slug": login.get("slug"), "id_token": login.get("id_token")}
        self.request.session[MFA_SESSION_KEY] = bool(login.get("mfa"))
        return response

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", None)
        if self.request.GET.get("error"):
            return self._refuse(_("U heeft het inloggen afgebroken, of de identity provider weigerde het."))
        return self._refuse(refusal.message if refusal else _("Het inloggen is mislukt. Probeer het opnieuw."))

    def _refuse(self, message):
        return render(
            self.request,
            "registration/oidc_geweigerd.html",
            {"melding": message, "provider": self.provider},
            status=403,
        )


class LogoutView(auth_views.LogoutView):
    """Django's logout; after a provider login also the provider's session (RP-initiated logout).

    The strict CSP (`form-action 'self'`) also covers redirects after a form post, so the logout
    form cannot redirect to the provider: a page on our side sends the browser on (meta refresh,
    no script) with a link as fallback."""

    def post(self, request, *args, **kwargs):
        login = request.session.get(PROVIDER_SESSION_KEY) or {}
        response = super().post(request, *args, **kwargs)
        provider = IdentityProvider.objects.filter(slug=login.get("slug")).first() if login.get("slug") else None
        if provider is not None and provider.end_session_endpoint and login.get("id_token"):
            query = urlencode(
                {
                    "id_token_hint": login["id_token"],
                    "client_id": provider.client_id,
                    "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
                }
            )
            return render(
                request,
                "registration/uitloggen_provider.html",
                {"provider": provider, "end_session_url": f"{provider.end_session_endpoint}?{query}"},
            )
        return response
