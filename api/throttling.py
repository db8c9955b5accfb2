"""Rate limit per API key, counted in the shared cache (Redis in production)."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiSleutel


class SleutelThrottle(SimpleRateThrottle):
    scope = "api_sleutel"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiSleutel):
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
