"""Beschikkingen (and their aanvraag) in the global search: by number, zaaknummer or title."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search

from .models import Beschikking


@search.provider(order=30)
def beschikkingen(user, term):
    if not user.has_perm("spuk.view_spuk"):
        return []
    qs = search.matching(
        Beschikking.objects.visible_to(user).select_related("gemeente", "aanvraag"),
        term,
        ["nummer", "aanvraag__zaaknummer", "aanvraag__titel"],
    )
    return [
        search.Resultaat(
            _("Beschikking"),
            b.nummer,
            reverse("spuk:beschikking_detail", args=[b.pk]),
            f"{b.gemeente.naam} · {b.periode_start_jaar}–{b.periode_eind_jaar}",
        )
        for b in qs
    ]
