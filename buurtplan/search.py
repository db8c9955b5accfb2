"""Buurten in the global search: by name or alliance partner."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search

from .models import Buurt


@search.provider(order=20)
def buurten(user, term):
    qs = search.matching(
        Buurt.objects.visible_to(user).select_related("gemeente"),
        term,
        ["naam", "alliantiepartners__naam"],
    )
    # A buurt with several matching alliance partners comes once per partner from the join.
    seen: set[int] = set()
    uniek = [b for b in qs if not (b.pk in seen or seen.add(b.pk))]
    return [
        search.Resultaat(_("Buurt"), b.naam, reverse("buurtplan:buurt_detail", args=[b.pk]), b.gemeente.naam)
        for b in uniek  # visible_to is the scope of the buurt page itself
    ]
