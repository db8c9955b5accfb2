"""Rate limit per API key, counted in the shared cache (Redis in production).

Requests without a valid key are not counted: they are refused (401) before any work is done, and a
256-bit key cannot be guessed by trying."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiSleutel


class SleutelThrottle(SimpleRateThrottle):
    scope = "api_sleutel"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiSleutel):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
