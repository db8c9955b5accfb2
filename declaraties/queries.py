"""Read models of declaraties: remaining budget, ceilings, the partner portal figures, work lists.

Budget of a line: a budget line may be copied into a new plan version (`vorige_regel`); all
versions of one line share one budget, identified by the id of the first version
(`Declaratie.regel_oorsprong_id`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from buurtplan.models import Begrotingsregel
from buurtplan.queries import begrotingsregels_voor_partner, organisaties_voor_gemeenten
from core.models import Organisatie, User
from core.timeline import timeline

from .models import (
    Beoordeling,
    Bericht,
    Betaling,
    Declaratie,
    DeclaratieInstelling,
    InstellingWijziging,
    Toekenning,
)

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(expression: str = "bedrag", **kwargs: Any) -> Coalesce:
    return Coalesce(Sum(expression, **kwargs), Value(ZERO), output_field=_MONEY)


def regel_oorsprong_id(regel: Begrotingsregel) -> int:
    """Id of the first version of a budget line (follows `vorige_regel`)."""
    seen = set()
    current_id, vorige_id = regel.pk, regel.vorige_regel_id
    while vorige_id and vorige_id not in seen:
        seen.add(current_id)
        current_id = vorige_id
        vorige_id = Begrotingsregel.objects.filter(pk=current_id).values_list("vorige_regel_id", flat=True).first()
    return current_id


def oorsprong_map(regel_ids_met_vorige: Iterable[tuple[int, int | None]]) -> dict[int, int]:
    """{regel_id: oorsprong_id} from [(id, vorige_regel_id)] in memory (for lists: one query)."""
    vorige = dict(regel_ids_met_vorige)
    result = {}
    for regel_id in vorige:
        current, seen = regel_id, set()
        while vorige.get(current) and current not in seen:
            seen.add(current)
            current = cast(int, vorige[current])  # not None: the loop condition checked it
        result[regel_id] = current
    return result


def besteed_op_regel(oorsprong_id: int, statussen: Iterable[str], exclude_pk: int | None = None) -> Decimal:
    qs = Declaratie.objects.filter(regel_oorsprong_id=oorsprong_id, status__in=statussen)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=_sum())["s"]


def resterend_op_regel(
    regel: Begrotingsregel,
    statussen: Iterable[str] = Declaratie.RESERVERENDE_STATUSSEN,
    exclude_pk: int | None = None,
    oorsprong_id: int | None = None,
) -> Decimal:
    """Line amount minus the declarations (in `statussen`) on every version of the line."""
    oorsprong_id = oorsprong_id or regel_oorsprong_id(regel)
    return regel.bedrag - besteed_op_regel(oorsprong_id, statussen, exclude_pk)


def toekenning_voor(partner_id: int, buurt_id: int, jaar: int) -> Toekenning | None:
    return Toekenning.objects.filter(partner_id=partner_id, buurt_id=buurt_id, jaar=jaar).first()


def gebruikt_onder_plafond(
    partner_id: int,
    buurt_id: int,
    jaar: int,
    statussen: Iterable[str] = Declaratie.RESERVERENDE_STATUSSEN,
    exclude_pk: int | None = None,
) -> Decimal:
    qs = Declaratie.objects.filter(partner_id=partner_id, buurt_id=buurt_id, bestedingsjaar=jaar, status__in=statussen)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=_sum())["s"]


def resterend_plafond(
    toekenning: Toekenning, statussen: Iterable[str] = Declaratie.RESERVERENDE_STATUSSEN, exclude_pk: int | None = None
) -> Decimal:
    return toekenning.plafond - gebruikt_onder_plafond(
        toekenning.partner_id, toekenning.buurt_id, toekenning.jaar, statussen, exclude_pk
    )


def partner_regels(organisatie: Organisatie) -> list[Begrotingsregel]:
    """The SPUK sociaal-domein lines of the geldende begrotingen the partner may declare against,
    each annotated with `begroot`, `gedeclareerd` (submitted, not rejected), `goedgekeurd`
    (approved and booked or paid), `in_behandeling` and `resterend` — over all versions of the line.
    A fixed number of queries whatever the number of lines."""
    regels = list(
        begrotingsregels_voor_partner(organisatie).filter(
            financiering=Begrotingsregel.Financiering.SPUK, domein=Begrotingsregel.Domein.SOCIAAL_DOMEIN
        )
    )
    ketens = oorsprong_map(
        Begrotingsregel.objects.filter(ontvangende_partner=organisatie).values_list("id", "vorige_regel_id")
    )
    oorsprongen = {ketens.get(r.pk, r.pk) for r in regels}
    S = Declaratie.Status
    sommen = {
        row["regel_oorsprong_id"]: row
        for row in Declaratie.objects.filter(regel_oorsprong_id__in=oorsprongen, partner=organisatie)
        .values("regel_oorsprong_id")
        .annotate(
            gedeclareerd=_sum(filter=Q(status__in=Declaratie.RESERVERENDE_STATUSSEN)),
            goedgekeurd=_sum(filter=Q(status__in=Declaratie.GOEDGEKEURDE_STATUSSEN)),
            in_behandeling=_sum(
                filter=Q(status__in=[S.INGEDIEND, S.OPNIEUW_INGEDIEND, S.GOEDGEKEURD, S.WIJZIGING_GEVRAAGD])
            ),
            betaald=_sum(filter=Q(status=S.BETAALD)),
        )
        .order_by()
    }
    leeg = {"gedeclareerd": ZERO, "goedgekeurd": ZERO, "in_behandeling": ZERO, "betaald": ZERO}
    for regel in regels:
        regel.oorsprong_id = ketens.get(regel.pk, regel.pk)  # type: ignore[attr-defined]  # annotated for the templates
        row = sommen.get(regel.oorsprong_id, leeg)  # type: ignore[attr-defined]  # set just above
        regel.begroot = regel.bedrag  # type: ignore[attr-defined]  # annotated for the templates
        regel.gedeclareerd = row["gedeclareerd"]  # type: ignore[attr-defined]  # annotated for the templates
        regel.goedgekeurd = row["goedgekeurd"]  # type: ignore[attr-defined]  # annotated for the templates
        regel.in_behandeling = row["in_behandeling"]  # type: ignore[attr-defined]  # annotated for the templates
        regel.betaald = row["betaald"]  # type: ignore[attr-defined]  # annotated for the templates
        regel.resterend = regel.bedrag - row["gedeclareerd"]  # type: ignore[attr-defined]  # annotated for the templates
    return regels


def portaal_overzicht(organisatie: Organisatie) -> dict[str, Any]:
    """Per activity (with its years): begroot / gedeclareerd / goedgekeurd / resterend, plus totals."""
    regels = partner_regels(organisatie)
    activiteiten: dict[tuple[int, int], dict[str, Any]] = {}
    for regel in regels:
        key = (regel.begroting.buurtplan.buurt_id, regel.activiteit_id)
        item = activiteiten.setdefault(
            key,
            {
                "buurt": regel.begroting.buurtplan.buurt,
                "activiteit": regel.activiteit,
                "regels": [],
                "begroot": ZERO,
                "gedeclareerd": ZERO,
                "goedgekeurd": ZERO,
                "resterend": ZERO,
            },
        )
        item["regels"].append(regel)
        for veld in ("begroot", "gedeclareerd", "goedgekeurd", "resterend"):
            item[veld] += getattr(regel, veld)
    rijen = sorted(
        activiteiten.values(), key=lambda a: (a["buurt"].naam, a["activiteit"].volgorde, a["activiteit"].naam)
    )
    totaal = {
        veld: sum((a[veld] for a in rijen), ZERO) for veld in ("begroot", "gedeclareerd", "goedgekeurd", "resterend")
    }
    return {"activiteiten": rijen, "totaal": totaal, "regels": regels}


def portaal_lijsten(organisatie: Organisatie) -> dict[str, list[Any]]:
    """The partner's start page: declarations with a change request, recent concepts, ceilings."""
    mijn = Declaratie.objects.filter(partner=organisatie).select_related("buurt")
    return {
        "aanpassing_gevraagd": list(mijn.filter(status=Declaratie.Status.WIJZIGING_GEVRAAGD)),
        "concepten": list(mijn.filter(status=Declaratie.Status.CONCEPT)[:10]),
        "toekenningen": list(
            Toekenning.objects.filter(partner=organisatie).select_related("buurt").order_by("buurt__naam", "jaar")
        ),
    }


def mijn_declaraties(user: User) -> QuerySet[Declaratie]:
    """All declarations of the user's own organisation (the partner's list)."""
    return Declaratie.objects.filter(partner_id=user.organisatie_id).select_related(
        "buurt", "begrotingsregel__activiteit"
    )


def declaratie_pagina(user: User) -> QuerySet[Declaratie]:
    """What a detail or action page may fetch: the user's visible declarations, with what it shows."""
    return Declaratie.objects.visible_to(user).select_related(
        "partner", "buurt", "gemeente", "begrotingsregel__activiteit", "in_behandeling_bij"
    )


def werkvoorraad_queryset(user: User) -> QuerySet[Declaratie]:
    return Declaratie.objects.visible_to(user).select_related(
        "partner", "buurt", "gemeente", "begrotingsregel__activiteit", "in_behandeling_bij"
    )


def berichten(declaratie: Declaratie) -> QuerySet[Bericht]:
    """The thread of a declaration, oldest first (both sides see all of it)."""
    return declaratie.berichten.select_related("auteur").order_by("geplaatst_op", "pk")


def gekozen(user: User, ids: Iterable[int]) -> list[Declaratie]:
    """The selected declarations the user may see, in id order (unknown or foreign ids drop out)."""
    return list(Declaratie.objects.visible_to(user).filter(pk__in=list(ids)).order_by("pk"))


def betalingen_queryset(user: User) -> QuerySet[Declaratie]:
    """Approved declarations (booked or paid) for the payments page."""
    return (
        Declaratie.objects.visible_to(user)
        .filter(status__in=Declaratie.GOEDGEKEURDE_STATUSSEN)
        .select_related("partner", "journaalpost", "betaling")
    )


def te_betalen(user: User) -> QuerySet[Declaratie]:
    return (
        Declaratie.objects.visible_to(user)
        .filter(status=Declaratie.Status.GEBOEKT)
        .select_related("partner", "buurt", "journaalpost")
    )


def toekenningen_queryset(user: User) -> QuerySet[Toekenning]:
    return Toekenning.objects.visible_to(user).select_related("buurt", "partner")


def zelfde_factuur(declaratie: Declaratie) -> Declaratie | None:
    """Another declaration of the partner with the same invoice number (any amount) that is not
    rejected or credited."""
    return (
        Declaratie.objects.filter(partner_id=declaratie.partner_id, factuurnummer=declaratie.factuurnummer)
        .exclude(status__in=Declaratie.FACTUUR_VRIJ)
        .exclude(pk=declaratie.pk)
        .first()
    )


def financien_van(gemeente_id: int) -> QuerySet[User]:
    return User.objects.filter(gemeenten=gemeente_id, groups__name="financien", is_active=True).distinct()


def partner_gebruikers(partner_id: int) -> QuerySet[User]:
    return User.objects.filter(organisatie_id=partner_id, groups__name="partner", is_active=True).distinct()


def goedkeuringen_in_ronde(declaratie: Declaratie) -> QuerySet[Beoordeling]:
    return declaratie.beoordelingen.filter(ronde=declaratie.ronde, besluit="goedgekeurd").select_related("beoordelaar")


def tijdlijn(declaratie: Declaratie, *, partner: bool = False) -> list[Any]:
    """The timeline of a declaration with readable statuses (`van_label`, `naar_label`).

    The workflow stores status values; older lines stored the label itself, which stays as it is.
    A partner reads the partner's status labels (`Declaratie.PARTNER_LABELS`), the same words as the
    status on the page; a change between two internal steps that the partner sees as one status
    ("In behandeling" → "In behandeling") is left out of the partner's timeline.
    """
    labels: dict[str, Any] = dict(Declaratie.Status.choices)
    if partner:
        labels.update({str(status): label for status, label in Declaratie.PARTNER_LABELS.items()})
    events: list[Any] = []
    event: Any
    for event in timeline(declaratie):
        event.van_label = str(labels.get(event.van_status, event.van_status))
        event.naar_label = str(labels.get(event.naar_status, event.naar_status))
        if partner and event.van_status and event.van_label == event.naar_label:
            continue
        events.append(event)
    return events


def budgetcontrole(declaratie: Declaratie) -> dict[str, Any]:
    """Remaining budget of the line (reserved and approved), the ceiling and the approvals so far."""
    regel = declaratie.begrotingsregel
    toekenning = toekenning_voor(declaratie.partner_id, declaratie.buurt_id, declaratie.bestedingsjaar)
    budget = {
        "regel": regel,
        # "behalve deze": the declaration itself never counts against what is still free.
        "resterend_gereserveerd": resterend_op_regel(
            regel, exclude_pk=declaratie.pk, oorsprong_id=declaratie.regel_oorsprong_id
        ),
        "resterend_goedgekeurd": resterend_op_regel(
            regel,
            Declaratie.GOEDGEKEURDE_STATUSSEN,
            exclude_pk=declaratie.pk,
            oorsprong_id=declaratie.regel_oorsprong_id,
        ),
        "drempel": declaratie.drempel(),
        "benodigd": declaratie.benodigde_goedkeuringen(),
        "goedkeuringen": list(goedkeuringen_in_ronde(declaratie)),
        "toekenning": toekenning,
    }
    if toekenning:
        budget["resterend_plafond"] = resterend_plafond(toekenning)
    return budget


def al_goedgekeurd_door(declaratie: Declaratie, user: User) -> bool:
    return goedkeuringen_in_ronde(declaratie).filter(beoordelaar=user).exists()


def betaalruns_queryset(user: User) -> QuerySet[Betaling]:
    return Betaling.objects.visible_to(user).select_related("gemeente", "journaalpost")


def betaling_pagina(user: User) -> QuerySet[Betaling]:
    return Betaling.objects.visible_to(user).select_related("gemeente", "journaalpost", "storno_journaalpost")


def betaling_details(betaling: Betaling) -> dict[str, Any]:
    """The declarations of a payment (or, once reversed, those it had) and its timeline."""
    declaraties = betaling.declaraties.all()
    if betaling.status == Betaling.Status.GESTORNEERD:
        declaraties = betaling.gestorneerde_declaraties.all()
    return {
        "declaraties": list(declaraties.select_related("partner", "buurt").order_by("nummer")),
        "tijdlijn": list(timeline(betaling)),
    }


def instelling_wijzigingen(user: User) -> QuerySet[InstellingWijziging]:
    return InstellingWijziging.objects.visible_to(user).select_related(
        "gemeente", "voorgesteld_door", "beoordeeld_door"
    )


def open_voorstellen(user: User) -> list[InstellingWijziging]:
    return list(instelling_wijzigingen(user).filter(status=InstellingWijziging.Status.VOORGESTELD))


def huidige_instellingen(user: User) -> list[dict[str, Any]]:
    """Per gemeente of the user: the threshold and segregation in force (defaults when never set)."""
    gemeenten = Organisatie.objects.filter(pk__in=user.gemeente_ids, soort=Organisatie.Soort.GEMEENTE).order_by("naam")
    instellingen = {i.gemeente_id: i for i in DeclaratieInstelling.objects.filter(gemeente__in=gemeenten)}
    rijen = []
    for gemeente in gemeenten:
        instelling = instellingen.get(gemeente.pk)
        rijen.append(
            {
                "gemeente": gemeente,
                "drempel": instelling.vier_ogen_drempel
                if instelling
                else DeclaratieInstelling.drempel_voor(gemeente.pk),
                "scheiding": instelling.scheiding_goedkeuren_betalen if instelling else True,
                "tijdlijn": list(timeline(instelling))[:10] if instelling else [],
            }
        )
    return rijen


def partners_voor(lijst: str, gemeenten: Iterable[int] | None = None) -> QuerySet[Organisatie]:
    """The organisations a partner field chooses from: `toekenning` active sociaal-domeinpartners
    (who receive grants) — with `gemeenten` only those working in their buurten, not the whole
    country —, `filter` every organisation (a gemeente may declare as medeoverheid)."""
    if lijst == "toekenning":
        if gemeenten is not None:
            return organisaties_voor_gemeenten(gemeenten).filter(soort=Organisatie.Soort.SOCIAAL_DOMEINPARTNER)
        return Organisatie.objects.filter(soort=Organisatie.Soort.SOCIAAL_DOMEINPARTNER, actief=True).order_by("naam")
    return Organisatie.objects.order_by("naam")
