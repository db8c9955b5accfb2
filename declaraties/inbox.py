"""Declarations in the task inbox: what finance must review, approve a second time and pay."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import inbox

from .models import Declaratie

S = Declaratie.Status


@inbox.provider(order=10)
def declaraties(user, vandaag):
    if not user.has_perm("declaraties.beoordeel_lijst"):
        return []
    # One query for the three counts.
    n = Declaratie.objects.visible_to(user).aggregate(
        eerste=Count("pk", filter=Q(status__in=Declaratie.EERSTE_BEOORDELING)),
        tweede=Count("pk", filter=Q(status=S.GOEDGEKEURD)),
        betalen=Count("pk", filter=Q(status=S.GEBOEKT)),
    )
    werkvoorraad = reverse("declaraties:werkvoorraad")
    taken = [
        inbox.Taak(_("Declaraties te beoordelen"), n["eerste"], f"{werkvoorraad}?status=eerste_beoordeling"),
        inbox.Taak(_("Wacht op tweede goedkeuring"), n["tweede"], f"{werkvoorraad}?status={S.GOEDGEKEURD}"),
    ]
    if user.has_perm("declaraties.registreer_betaling"):
        taken.append(
            inbox.Taak(_("Te betalen"), n["betalen"], reverse("declaraties:betalingen") + f"?status={S.GEBOEKT}")
        )
    return taken
