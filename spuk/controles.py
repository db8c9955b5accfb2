"""spuk's reconciliation checks and year-close preconditions (collected by grootboek.controles).

- Vooruitontvangen per beschikking: the ledger balance against received termijnen − vrijval of the
  jaarafsluitingen − the repayments' part taken from Vooruitontvangen (spuk's own records);
- the verloopstaat per year: vrijval, terugbetaald and nog te ontvangen against the records of that
  year, and `overig` (movements with no spuk source) must be zero;
- closing boekjaar T needs, for every granted beschikking whose period covers T, the jaarafsluiting
  of T, and no Lasten of T left unreleased.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from core.models import Organisatie
from core.money import format_bedrag
from grootboek import api as grootboek

from . import queries
from .models import Aanvraag, Beschikking, Termijn

ZERO = Decimal("0.00")
R = grootboek.Rol


def _beschikkingen(gemeente: Organisatie, beschikkingsnummer: str | None = None):
    qs = Beschikking.objects.filter(gemeente=gemeente).select_related("gemeente", "aanvraag")
    if beschikkingsnummer:
        qs = qs.filter(nummer=beschikkingsnummer)
    return qs.prefetch_related("termijnen", "jaarafsluitingen", "terugbetalingen", "nog_te_ontvangen")


def aansluiting(gemeente: Organisatie, beschikkingsnummer: str | None = None) -> list[grootboek.Aansluitregel]:
    regels = []
    for b in _beschikkingen(gemeente, beschikkingsnummer):
        ontvangen = sum(
            (t.ontvangen_bedrag or ZERO for t in b.termijnen.all() if t.status == Termijn.Status.ONTVANGEN), ZERO
        )
        vrijval = sum((j.vrijval for j in b.jaarafsluitingen.all()), ZERO)
        terug = sum((t.uit_vooruitontvangen for t in b.terugbetalingen.all()), ZERO)
        saldo = grootboek.netto_sommen(
            b.gemeente_id, b.nummer, R.VOORUITONTVANGEN, {"saldo": grootboek.Deel()}, credit_positief=True
        )["saldo"]
        regels.append(
            grootboek.Aansluitregel(
                controle=_("Vooruitontvangen = ontvangen termijnen − vrijval − terugbetalingen"),
                gemeente=b.gemeente.naam,
                beschikkingsnummer=b.nummer,
                onderwerp="",
                grootboek=saldo,
                subadministratie=ontvangen - vrijval - terug,
                toelichting=_("ontvangen %(o)s, vrijval %(v)s, terugbetaald uit vooruitontvangen %(t)s")
                % {"o": format_bedrag(ontvangen), "v": format_bedrag(vrijval), "t": format_bedrag(terug)},
            )
        )
        for v in queries.verloopstaten(b):
            for controle, ledger, records in (
                (_("Verloopstaat: vrijgevallen"), v.vrijgevallen, v.vrijval_volgens_jaarafsluiting),
                (_("Verloopstaat: terugbetaald"), v.terugbetaald, v.terug_volgens_terugbetalingen),
                (_("Verloopstaat: nog te ontvangen"), v.nog_te_ontvangen, v.nog_te_ontvangen_volgens_administratie),
                (_("Verloopstaat: overige mutaties (zonder bron)"), v.overig, ZERO),
            ):
                if ledger or records:
                    regels.append(
                        grootboek.Aansluitregel(
                            controle=controle,
                            gemeente=b.gemeente.naam,
                            beschikkingsnummer=b.nummer,
                            onderwerp=str(v.jaar),
                            grootboek=ledger,
                            subadministratie=records,
                        )
                    )
    return regels


def boekjaar_bezwaren(gemeente: Organisatie, jaar: int) -> list[str]:
    bezwaren = []
    for b in _beschikkingen(gemeente):
        afgesloten = {j.jaar for j in b.jaarafsluitingen.all()}
        if (
            b.aanvraag.status == Aanvraag.Status.VERLEEND
            and b.periode_start_jaar <= jaar <= b.periode_eind_jaar
            and jaar not in afgesloten
        ):
            bezwaren.append(
                _("De jaarafsluiting (vrijval) %(jaar)s van beschikking %(nr)s is nog niet uitgevoerd.")
                % {"jaar": jaar, "nr": b.nummer}
            )
            continue
        rest = queries.nog_vrij_te_laten(b, jaar)
        if rest:
            bezwaren.append(
                _("Beschikking %(nr)s: %(bedrag)s aan lasten van %(jaar)s is nog niet vrijgevallen.")
                % {"nr": b.nummer, "bedrag": format_bedrag(rest), "jaar": jaar}
            )
    return bezwaren
