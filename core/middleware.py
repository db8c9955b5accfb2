from django.shortcuts import redirect
from django.urls import reverse

from .models import Organisatie

ACTIVE_GEMEENTE_SESSION_KEY = "actieve_gemeente"

_TWO_FACTOR_EXEMPT_PREFIXES = ("/account/", "/static/", "/healthz")


class RequireTwoFactorMiddleware:
    """Finance and beheer staff must confirm a TOTP code before they can do anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_two_factor
            and not user.is_verified()
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
            request.gemeente = Organisatie.objects.filter(pk=gemeente_id).first()
        return self.get_response(request)
