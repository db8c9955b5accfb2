"""Buurten in the global search: by name or alliance partner."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search

from .models import Buurt


@search.provider(order=20)
def buurten(user, term):
    qs = search.matching(
        Buurt.objects.visible_to(user).select_related("gemeente", "alliantiepartner"),
        term,
        ["naam", "alliantiepartner__naam"],
    )
    return [
        search.Resultaat(_("Buurt"), b.naam, reverse("buurtplan:buurt_detail", args=[b.pk]), b.gemeente.naam)
        for b in qs  # visible_to is the scope of the buurt page itself
    ]
