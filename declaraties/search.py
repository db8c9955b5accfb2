"""Declarations in the global search: by number, invoice number, partner, buurt or description."""

from django.utils.translation import gettext_lazy as _

from core import search
from core.money import format_bedrag

from .models import Declaratie


@search.provider(order=10)
def declaraties(user, term):
    if not (user.has_perm("declaraties.view_werkvoorraad") or user.has_perm("declaraties.view_portaal")):
        return []
    qs = search.matching(
        Declaratie.objects.visible_to(user).select_related("partner", "buurt"),
        term,
        ["nummer", "factuurnummer", "partner__naam", "buurt__naam", "omschrijving"],
    )
    return [
        search.Resultaat(
            _("Declaratie"),
            str(d),
            d.get_absolute_url(),
            " · ".join(
                filter(
                    None,
                    [d.partner.naam, d.buurt.naam, d.factuurnummer, format_bedrag(d.bedrag), d.get_status_display()],
                )
            ),
        )
        for d in qs
    ]
