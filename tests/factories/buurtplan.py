import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from buurtplan.catalogus import ensure_transformatieplan
from buurtplan.models import (
    Activiteit,
    Begrotingsregel,
    Buurt,
    Buurtbegroting,
    Buurtplan,
    Netwerklid,
    Ondertekening,
    PlanThema,
    Thema,
)
from core.models import Organisatie
from tests.factories.core import GemeenteFactory, OrganisatieFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="handtekening.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class ZorgaanbiederFactory(OrganisatieFactory):
    naam = factory.Sequence(lambda n: f"Zorgaanbieder {n}")
    soort = Organisatie.Soort.ZORGAANBIEDER


class BuurtFactory(factory.django.DjangoModelFactory):
    """`BuurtFactory(gemeente=g)`; with a vastgesteld plan whose approved begroting gives `org` SPUK
    lines: `BuurtFactory(gemeente=g, met_vastgesteld_plan=True, buurtplan__partner=org)` (see
    BuurtplanFactory for `buurtplan__bedragen`, `buurtplan__door`)."""

    class Meta:
        model = Buurt
        skip_postgeneration_save = True

    class Params:
        met_vastgesteld_plan = factory.Trait(
            buurtplan=factory.RelatedFactory("tests.factories.buurtplan.BuurtplanFactory", "buurt", vastgesteld=True)
        )

    transformatieplan = factory.LazyFunction(ensure_transformatieplan)
    naam = factory.Sequence(lambda n: f"Buurt {n}")
    gemeente = None
    cohort = 1
    inwoners = 4000
    marktaandeel = Decimal("60.0")
    crit_professionals = True
    crit_burgers = True
    crit_samenwerking = True
    crit_marktaandeel = True
    crit_case_for_change = True
    crit_executiekracht = True

    @factory.post_generation
    def alliantiepartners(self, create, extracted, **kwargs):
        """`BuurtFactory(alliantiepartners=[sensire, buurtzorg])`; default: one new care provider."""
        if create:
            partners = list(extracted) if extracted else [ZorgaanbiederFactory()]
            self.alliantiepartners.set(partners)
            self.partners.add(*partners)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        """`BuurtFactory(partners=[org, ...])`: organisations that work in the buurt."""
        if create and extracted:
            self.partners.add(*extracted)


class NetwerklidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Netwerklid

    buurt = None
    naam = factory.Sequence(lambda n: f"Lid {n}")
    discipline = Netwerklid.Discipline.BEWONER
    kartrekker = False


def geldig_netwerk(buurt):
    """Four members: two kartrekkers (one wijkverpleegkundige), a resident and the GP practice."""
    return [
        NetwerklidFactory(buurt=buurt, naam="Wendy Wijk", discipline="wijkverpleegkundige", kartrekker=True),
        NetwerklidFactory(buurt=buurt, naam="Sam Sociaal", discipline="sociaal_domein", kartrekker=True),
        NetwerklidFactory(buurt=buurt, naam="Bob Bewoner", discipline="bewoner"),
        NetwerklidFactory(buurt=buurt, naam="Hanna Huisarts", discipline="huisarts"),
    ]


def klaar_voor_vaststelling(actor, buurt, partner, bedragen=None):
    """A plan version with activities, an approved budget and all signatures (via the services)."""
    from buurtplan import services

    if not buurt.netwerkleden.exists():
        geldig_netwerk(buurt)
    plan = services.maak_buurtplan(actor, buurt)
    zorgzaam = Thema.objects.get(transformatieplan=buurt.transformatieplan, code="zorgzame_buurt")
    activiteit = services.voeg_activiteit_toe(
        actor, plan, thema=zorgzaam, naam="Ontmoetingsplek", uitvoerende_partner=partner
    )
    for jaar, bedrag in (bedragen or {2024: Decimal("1000.00"), 2025: Decimal("2500.50")}).items():
        services.voeg_regel_toe(
            actor,
            plan.begroting,
            activiteit=activiteit,
            jaar=jaar,
            domein="sociaal_domein",
            financiering="spuk",
            ontvangende_partner=partner,
            bedrag=bedrag,
        )
    services.dien_begroting_in(actor, plan.begroting)
    services.beoordeel_begroting(actor, plan.begroting, goedgekeurd=True)
    onderteken_alles(actor, plan)
    plan.refresh_from_db()
    return plan


def onderteken_alles(actor, plan):
    from buurtplan import services

    gemeente = plan.buurt.gemeente
    datum = datetime.date(2025, 6, 1)
    services.voeg_ondertekening_toe(
        actor,
        plan,
        soort="buurtplan",
        ondertekenaar="Wendy Wijk",
        functie="Wijkverpleegkundige",
        getekend_op=datum,
        document=pdf_upload(),
        organisatie_naam="Buurtnetwerk",
    )
    services.voeg_ondertekening_toe(
        actor,
        plan,
        soort="buurtbegroting",
        ondertekenaar="Wendy Wijk",
        functie="Wijkverpleegkundige",
        getekend_op=datum,
        document=pdf_upload(),
        organisatie_naam="Buurtnetwerk",
    )
    services.voeg_ondertekening_toe(
        actor,
        plan,
        soort="intentieverklaring",
        ondertekenaar="J. Wethouder",
        functie="Wethouder",
        getekend_op=datum,
        document=pdf_upload(),
        organisatie=gemeente,
    )
    services.voeg_ondertekening_toe(
        actor,
        plan,
        soort="overeenkomst",
        ondertekenaar="J. Wethouder",
        functie="Wethouder",
        getekend_op=datum,
        document=pdf_upload(),
        organisatie=gemeente,
    )


# --------------------------------------------------------------------------------------------
# Plan versions built directly, without the services: for tests of other apps that need a buurt
# with an approved or vastgesteld plan and do not test how it got there. The result is the state
# `klaar_voor_vaststelling` + `services.stel_vast` produce, minus the timeline entries
# (tests/buurtplan/test_factories.py checks that the services accept it and agree with it). The
# buurtplan tests keep the service path.
# --------------------------------------------------------------------------------------------

STANDAARD_BEDRAGEN = {2024: Decimal("1000.00"), 2025: Decimal("2500.50")}
GETEKEND_OP = datetime.date(2025, 6, 1)


class OndertekeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ondertekening

    buurtplan = None
    soort = Ondertekening.Soort.BUURTPLAN
    ondertekenaar = "Wendy Wijk"
    functie = "Wijkverpleegkundige"
    organisatie = None
    organisatie_naam = "Buurtnetwerk"
    getekend_op = GETEKEND_OP
    bestand = factory.LazyFunction(pdf_upload)
    naam = "handtekening.pdf"
    content_type = "application/pdf"


def onderteken_direct(plan):
    """The four signatures of `onderteken_alles`, written directly."""
    for soort in (Ondertekening.Soort.BUURTPLAN, Ondertekening.Soort.BUURTBEGROTING):
        OndertekeningFactory(buurtplan=plan, soort=soort)
    for soort in (Ondertekening.Soort.INTENTIEVERKLARING, Ondertekening.Soort.OVEREENKOMST):
        OndertekeningFactory(
            buurtplan=plan,
            soort=soort,
            ondertekenaar="J. Wethouder",
            functie="Wethouder",
            organisatie=plan.buurt.gemeente,
            organisatie_naam="",
        )


PLAN_OPTIES = ("partner", "bedragen", "door", "begroting_status", "ondertekend", "vaststellen")


class BuurtplanFactory(factory.django.DjangoModelFactory):
    """Version 1 of a buurt's plan: every theme van toepassing, the activity "Ontmoetingsplek"
    (zorgzame buurt) carried out by `partner`, and a begroting with one SPUK line per year for it.

        BuurtplanFactory(buurt=b, partner=org)                      plan and begroting in concept
        BuurtplanFactory(buurt=b, partner=org, goedgekeurd=True)    begroting goedgekeurd
        BuurtplanFactory(buurt=b, partner=org, vastgesteld=True)    + valid network, four signatures, vastgesteld
        BuurtplanFactory(..., bedragen={2025: Decimal("20000.00")}, door=beleid)

    `plan.spuk_regels` is {jaar: Begrotingsregel}.
    """

    class Meta:
        model = Buurtplan

    class Params:
        goedgekeurd = factory.Trait(begroting_status=Buurtbegroting.Status.GOEDGEKEURD)
        vastgesteld = factory.Trait(
            begroting_status=Buurtbegroting.Status.GOEDGEKEURD, ondertekend=True, vaststellen=True
        )

    buurt = factory.SubFactory(BuurtFactory, gemeente=factory.SubFactory(GemeenteFactory))
    versie = 1
    # Not model fields: consumed by _create.
    partner = factory.SubFactory(OrganisatieFactory)
    bedragen = factory.LazyFunction(lambda: dict(STANDAARD_BEDRAGEN))
    door = None  # recorded as the reviewer of the begroting and as vastgesteld_door
    begroting_status = Buurtbegroting.Status.CONCEPT
    ondertekend = False
    vaststellen = False

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("BuurtplanFactory writes related rows; use create()")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        opties = {naam: kwargs.pop(naam) for naam in PLAN_OPTIES}
        plan = super()._create(model_class, *args, **kwargs)
        plan.spuk_regels = _vul_plan(plan, **opties)
        return plan


def _vul_plan(plan, *, partner, bedragen, door, begroting_status, ondertekend, vaststellen):
    """Themes, activity, begroting (+ review), signatures and vaststelling, as the services leave them."""
    for thema in plan.buurt.transformatieplan.themas.all():
        PlanThema.objects.create(buurtplan=plan, thema=thema, van_toepassing=True)
    zorgzaam = Thema.objects.get(transformatieplan=plan.buurt.transformatieplan, code="zorgzame_buurt")
    plan.buurt.partners.add(partner)  # the services link whoever the plan names to the buurt
    activiteit = Activiteit.objects.create(
        buurtplan=plan, thema=zorgzaam, naam="Ontmoetingsplek", uitvoerende_partner=partner
    )
    begroting = Buurtbegroting.objects.create(buurtplan=plan)
    regels = {
        jaar: Begrotingsregel.objects.create(
            begroting=begroting,
            activiteit=activiteit,
            jaar=jaar,
            domein=Begrotingsregel.Domein.SOCIAAL_DOMEIN,
            financiering=Begrotingsregel.Financiering.SPUK,
            ontvangende_partner=partner,
            bedrag=Decimal(bedrag),
        )
        for jaar, bedrag in bedragen.items()
    }
    if begroting_status != Buurtbegroting.Status.CONCEPT:
        begroting.indienen()
        begroting.ingediend_op = timezone.now()
        if begroting_status == Buurtbegroting.Status.GOEDGEKEURD:
            begroting.goedkeuren()
            begroting.beoordeeld_op = timezone.localdate()
            begroting.beoordeeld_door = door
        begroting.save()
    if ondertekend:
        if not plan.buurt.netwerkleden.exists():
            geldig_netwerk(plan.buurt)
        onderteken_direct(plan)
    if vaststellen:
        plan.vaststellen()
        plan.vastgesteld_op = timezone.now()
        plan.vastgesteld_door = door
        plan.save()
    return regels
