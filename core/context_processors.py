from django.conf import settings

from . import nav
from .models import Melding, Organisatie


def layout(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_mode": settings.DEMO_MODE}
    gemeenten = []
    if len(user.gemeente_ids) > 1:
        gemeenten = list(Organisatie.objects.filter(pk__in=user.gemeente_ids).order_by("naam"))
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_groups": nav.groups_for(user, request.path),
        "actieve_gemeente": getattr(request, "gemeente", None),
        "wisselbare_gemeenten": gemeenten,
        "ongelezen_meldingen": Melding.objects.filter(ontvanger=user, gelezen_op__isnull=True).count(),
    }
