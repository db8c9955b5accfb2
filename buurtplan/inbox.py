"""Plans and budgets in the task inbox of beleid."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import inbox

from .models import Buurt, Buurtbegroting, Buurtplan

B = Buurtbegroting.Status


@inbox.provider(order=20)
def plannen(user, vandaag):
    if not user.has_perm("buurtplan.werk_plannen"):
        return []
    buurten = Buurt.objects.visible_to(user)
    # The budget of each buurt's latest version decides; counting buurten, as the list does.
    n = (
        Buurtbegroting.objects.filter(buurtplan__buurt__in=buurten.values("pk"))
        .order_by()
        .aggregate(
            commissie=Count("buurtplan__buurt", filter=Q(status=B.INGEDIEND), distinct=True),
            teruggestuurd=Count("buurtplan__buurt", filter=Q(status=B.TERUGGESTUURD), distinct=True),
        )
    )
    concepten = (
        buurten.filter(buurtplannen__isnull=False)
        .exclude(pk__in=Buurtplan.objects.filter(status=Buurtplan.Status.VASTGESTELD).values("buurt"))
        .distinct()
        .count()
    )
    lijst = reverse("buurtplan:buurten") + "?mijn=on"
    return [
        inbox.Taak(_("Begrotingen bij de begrotingscommissie"), n["commissie"], f"{lijst}&begroting={B.INGEDIEND}"),
        inbox.Taak(_("Begroting: aanpassing gevraagd"), n["teruggestuurd"], f"{lijst}&begroting={B.TERUGGESTUURD}"),
        inbox.Taak(_("Buurtplannen in concept"), concepten, f"{lijst}&status=concept"),
    ]
