"""Journal entries in the global search: by entry number (2025-000012, or 12) or description."""

import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import search

from .models import Journaalpost

STUKNUMMER = re.compile(r"^(?:(\d{4})-)?0*(\d{1,9})$")


@search.provider(order=40)
def journaalposten(user, term):
    if not user.has_perm("grootboek.view_grootboek"):
        return []
    posten = Journaalpost.objects.visible_to(user)
    match = STUKNUMMER.match(term)
    if match:
        jaar, volgnummer = match.groups()
        nummer = Q(volgnummer=int(volgnummer)) & (Q(boekjaar=int(jaar)) if jaar else Q())
        qs = posten.filter(nummer).order_by("-boekjaar")[: search.LIMIT]
    else:
        qs = search.matching(posten, term, ["omschrijving", "bron_referentie"])
    return [
        search.Resultaat(_("Journaalpost"), str(p), p.get_absolute_url(), p.boekdatum.strftime("%d-%m-%Y")) for p in qs
    ]
