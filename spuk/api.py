"""The public face of spuk for declaraties (the app to its right): which beschikking a cost is
booked on, whether that beschikking still takes it, and on which date.

- `beschikking_voor_lasten(buurt, bestedingsjaar, bedrag)` → the beschikking whose period contains
  the cost year (chosen by period, never by recency), refused in Dutch (ValidationError) when there is
  none, when the beschikking is vastgesteld or ingetrokken, or when the booked Lasten plus this amount
  would exceed the granted amount;
- `boekdatum_lasten(beschikking, bestedingsjaar, boekdatum=None, vandaag=None)` → the booking date
  under the baten-lastenstelsel (see docs/spuk.md, *Accrual*).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtplan.models import Buurt
from core.money import format_bedrag, to_cents
from grootboek import api as grootboek

from . import queries
from .models import Aanvraag, Beschikking

__all__ = ["beschikking_voor_lasten", "boekdatum_lasten", "ruimte_in_beschikking"]

R = grootboek.Rol


def ruimte_in_beschikking(beschikking: Beschikking) -> Decimal:
    """The granted amount minus the net Lasten booked on the beschikking so far."""
    lasten = grootboek.netto_sommen(beschikking.gemeente_id, beschikking.nummer, R.LASTEN, {"netto": grootboek.Deel()})[
        "netto"
    ]
    return beschikking.bedrag - lasten


def beschikking_voor_lasten(buurt: Buurt, bestedingsjaar: int, bedrag: Any) -> Beschikking:
    """The beschikking a cost of `bestedingsjaar` in `buurt` is booked on, after the guards: the cost
    year lies in the beschikking period, the beschikking is still verleend (not vastgesteld or
    ingetrokken), and the cumulative Lasten stay within the granted amount."""
    jaar = int(bestedingsjaar)
    beschikking = queries.beschikking_voor_buurt(buurt, jaar)
    if beschikking is None:
        andere = queries.beschikking_voor_buurt(buurt)
        if andere is None:
            raise ValidationError(
                _("Voor %(buurt)s is nog geen SPUK-beschikking vastgelegd, dus er is geen rekening om op te boeken.")
                % {"buurt": buurt}
            )
        raise ValidationError(
            _(
                "Het bestedingsjaar %(jaar)s ligt buiten de periode van beschikking %(nr)s (%(van)s–%(tot)s). Kosten "
                "van dit jaar kunnen niet op deze beschikking worden geboekt."
            )
            % {"jaar": jaar, "nr": andere.nummer, "van": andere.periode_start_jaar, "tot": andere.periode_eind_jaar}
        )
    if beschikking.aanvraag.status != Aanvraag.Status.VERLEEND:
        raise ValidationError(
            _(
                "Beschikking %(nr)s is %(status)s: er worden geen declaraties meer op geboekt. Na de vaststelling "
                "is de subsidie afgerekend."
            )
            % {"nr": beschikking.nummer, "status": beschikking.aanvraag.get_status_display().lower()}
        )
    bedrag = to_cents(bedrag)
    ruimte = ruimte_in_beschikking(beschikking)
    if bedrag > ruimte:
        raise ValidationError(
            _(
                "Met %(bedrag)s komen de geboekte lasten boven het verleende bedrag van beschikking %(nr)s "
                "(%(verleend)s; nog beschikbaar %(ruimte)s)."
            )
            % {
                "bedrag": format_bedrag(bedrag),
                "nr": beschikking.nummer,
                "verleend": format_bedrag(beschikking.bedrag),
                "ruimte": format_bedrag(max(ruimte, Decimal("0.00"))),
            }
        )
    return beschikking


def boekdatum_lasten(
    beschikking: Beschikking,
    bestedingsjaar: int,
    boekdatum: datetime.date | None = None,
    vandaag: datetime.date | None = None,
) -> datetime.date:
    """Baten-lastenstelsel: a cost of year T approved after T is booked on 31-12-T as long as year T
    is still open for this beschikking (its release has not run and the grootboek year is not
    closed), so it counts in year T. Once year T is closed it is booked today, in a later year: a T-1
    correction in the SiSa of that year. An explicit `boekdatum` (backfills) is kept."""
    if boekdatum is not None:
        return boekdatum
    vandaag = vandaag or timezone.localdate()
    jaar = int(bestedingsjaar)
    if jaar < vandaag.year and not (
        grootboek.boekjaar_gesloten(beschikking.gemeente_id, jaar)
        or grootboek.periode_afgesloten(beschikking.gemeente_id, beschikking.nummer, jaar)
    ):
        return datetime.date(jaar, 12, 31)
    return vandaag
