from django.conf import settings

from . import huisstijl, nav
from .models import Melding, Organisatie


def layout(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_mode": settings.DEMO_MODE}
    gemeenten = []
    if len(user.gemeente_ids) > 1:
        gemeenten = list(Organisatie.objects.filter(pk__in=user.gemeente_ids).order_by("naam"))
    gemeente = getattr(request, "gemeente", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_groups": nav.groups_for(user, request.path),
        "huisstijl_versie": huisstijl.versie(gemeente) if gemeente else None,
        "huisstijl_logo": huisstijl.heeft_logo(gemeente),
        "actieve_gemeente": getattr(request, "gemeente", None),
        "wisselbare_gemeenten": gemeenten,
        "ongelezen_meldingen": Melding.objects.filter(ontvanger=user, gelezen_op__isnull=True).count(),
    }
