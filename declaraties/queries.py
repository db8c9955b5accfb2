"""Read models of declaraties: remaining budget, ceilings, the partner portal figures, work lists.

Budget of a line: a budget line may be copied into a new plan version (`vorige_regel`); all
versions of one line share one budget, identified by the id of the first version
(`Declaratie.regel_oorsprong_id`).
"""
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from buurtplan.models import Begrotingsregel

from .models import Declaratie, Toekenning

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(expression="bedrag", **kwargs):
    return Coalesce(Sum(expression, **kwargs), Value(ZERO), output_field=_MONEY)


def regel_oorsprong_id(regel):
    """Id of the first version of a budget line (follows `vorige_regel`)."""
    seen = set()
    current_id, vorige_id = regel.pk, regel.vorige_regel_id
    while vorige_id and vorige_id not in seen:
        seen.add(current_id)
        current_id = vorige_id
        vorige_id = Begrotingsregel.objects.filter(pk=current_id).values_list("vorige_regel_id", flat=True).first()
    return current_id


def oorsprong_map(regel_ids_met_vorige):
    """{regel_id: oorsprong_id} from [(id, vorige_regel_id)] in memory (for lists: one query)."""
    vorige = dict(regel_ids_met_vorige)
    result = {}
    for regel_id in vorige:
        current, seen = regel_id, set()
        while vorige.get(current) and current not in seen:
            seen.add(current)
            current = vorige[current]
        result[regel_id] = current
    return result


def besteed_op_regel(oorsprong_id, statussen, exclude_pk=None):
    qs = Declaratie.objects.filter(regel_oorsprong_id=oorsprong_id, status__in=statussen)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=_sum())["s"]


def resterend_op_regel(regel, statussen=Declaratie.RESERVERENDE_STATUSSEN, exclude_pk=None, oorsprong_id=None):
    """Line amount minus the declarations (in `statussen`) on every version of the line."""
    oorsprong_id = oorsprong_id or regel_oorsprong_id(regel)
    return regel.bedrag - besteed_op_regel(oorsprong_id, statussen, exclude_pk)


def toekenning_voor(partner_id, buurt_id, jaar):
    return Toekenning.objects.filter(partner_id=partner_id, buurt_id=buurt_id, jaar=jaar).first()


def gebruikt_onder_plafond(partner_id, buurt_id, jaar, statussen=Declaratie.RESERVERENDE_STATUSSEN, exclude_pk=None):
    qs = Declaratie.objects.filter(partner_id=partner_id, buurt_id=buurt_id, bestedingsjaar=jaar, status__in=statussen)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=_sum())["s"]


def resterend_plafond(toekenning, statussen=Declaratie.RESERVERENDE_STATUSSEN, exclude_pk=None):
    return toekenning.plafond - gebruikt_onder_plafond(
        toekenning.partner_id, toekenning.buurt_id, toekenning.jaar, statussen, exclude_pk
    )


def partner_regels(organisatie):
    """The SPUK sociaal-domein lines of the geldende begrotingen the partner may declare against,
    each annotated with `begroot`, `gedeclareerd` (submitted, not rejected), `goedgekeurd`
    (approved and booked or paid), `in_behandeling` and `resterend` — over all versions of the line.
    A fixed number of queries whatever the number of lines."""
    from buurtplan.queries import begrotingsregels_voor_partner

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
            in_behandeling=_sum(filter=Q(status__in=[S.INGEDIEND, S.OPNIEUW_INGEDIEND, S.GOEDGEKEURD, S.WIJZIGING_GEVRAAGD])),
            betaald=_sum(filter=Q(status=S.BETAALD)),
        )
        .order_by()
    }
    leeg = {"gedeclareerd": ZERO, "goedgekeurd": ZERO, "in_behandeling": ZERO, "betaald": ZERO}
    for regel in regels:
        regel.oorsprong_id = ketens.get(regel.pk, regel.pk)
        row = sommen.get(regel.oorsprong_id, leeg)
        regel.begroot = regel.bedrag
        regel.gedeclareerd = row["gedeclareerd"]
        regel.goedgekeurd = row["goedgekeurd"]
        regel.in_behandeling = row["in_behandeling"]
        regel.betaald = row["betaald"]
        regel.resterend = regel.bedrag - row["gedeclareerd"]
    return regels


def portaal_overzicht(organisatie):
    """Per activity (with its years): begroot / gedeclareerd / goedgekeurd / resterend, plus totals."""
    regels = partner_regels(organisatie)
    activiteiten = {}
    for regel in regels:
        key = (regel.begroting.buurtplan.buurt_id, regel.activiteit_id)
        item = activiteiten.setdefault(
            key,
            {"buurt": regel.begroting.buurtplan.buurt, "activiteit": regel.activiteit, "regels": [],
             "begroot": ZERO, "gedeclareerd": ZERO, "goedgekeurd": ZERO, "resterend": ZERO},
        )
        item["regels"].append(regel)
        for veld in ("begroot", "gedeclareerd", "goedgekeurd", "resterend"):
            item[veld] += getattr(regel, veld)
    rijen = sorted(activiteiten.values(), key=lambda a: (a["buurt"].naam, a["activiteit"].volgorde, a["activiteit"].naam))
    totaal = {veld: sum((a[veld] for a in rijen), ZERO) for veld in ("begroot", "gedeclareerd", "goedgekeurd", "resterend")}
    return {"activiteiten": rijen, "totaal": totaal, "regels": regels}


def werkvoorraad_queryset(user):
    from .rules import scope_declaraties

    return scope_declaraties(Declaratie.objects.all(), user).select_related(
        "partner", "buurt", "gemeente", "begrotingsregel__activiteit"
    )


def te_betalen(user):
    from .rules import scope_declaraties

    return scope_declaraties(Declaratie.objects.filter(status=Declaratie.Status.GEBOEKT), user).select_related(
        "partner", "buurt", "journaalpost"
    )


def financien_van(gemeente_id):
    from core.models import User

    return User.objects.filter(gemeenten=gemeente_id, groups__name="financien", is_active=True).distinct()


def partner_gebruikers(partner_id):
    from core.models import User

    return User.objects.filter(organisatie_id=partner_id, groups__name="partner", is_active=True).distinct()


def goedkeuringen_in_ronde(declaratie):
    return declaratie.beoordelingen.filter(ronde=declaratie.ronde, besluit="goedgekeurd").select_related("beoordelaar")
