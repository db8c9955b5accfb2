"""Reads for the API key pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from buurtplan.models import Begrotingsregel
from core.models import Organisatie
from declaraties import queries as declaratie_queries
from declaraties.models import Toekenning


def partner_ids_van(gemeente_ids: Any) -> set[int]:
    """Partners that work in these gemeenten: a toekenning or a budget line in one of their buurten."""
    ids = set(Toekenning.objects.filter(buurt__gemeente_id__in=gemeente_ids).values_list("partner_id", flat=True))
    ids |= set(
        Begrotingsregel.objects.filter(
            begroting__buurtplan__buurt__gemeente_id__in=gemeente_ids, ontvangende_partner__isnull=False
        ).values_list("ontvangende_partner_id", flat=True)
    )
    return ids


def organisaties_voor_sleutels(user: Any) -> QuerySet[Organisatie]:
    """The organisations an administrator may issue keys to: own gemeenten and their partners."""
    gemeente_ids = set(user.gemeente_ids)
    return Organisatie.objects.filter(
        Q(pk__in=gemeente_ids, soort=Organisatie.Soort.GEMEENTE) | Q(pk__in=partner_ids_van(gemeente_ids))
    ).order_by("naam")


def beherende_gemeente(user: Any, organisatie: Organisatie) -> int | None:
    """The administrator's gemeente that manages a key of `organisatie` (itself for a gemeente)."""
    if organisatie.is_gemeente:
        return organisatie.pk if organisatie.pk in user.gemeente_ids else None
    for gemeente_id in sorted(user.gemeente_ids):
        if organisatie.pk in partner_ids_van([gemeente_id]):
            return gemeente_id
    return None


def begrotingsregels_voor(user: Any) -> list[Begrotingsregel]:
    """The budget lines the user's organisation may declare on, with the remaining budget (partners)."""
    if not user.has_perm("declaraties.view_portaal") or user.organisatie is None:
        return []
    return declaratie_queries.partner_regels(user.organisatie)
