import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from buurtplan.catalogus import ensure_transformatieplan
from buurtplan.models import Buurt, Netwerklid, Thema
from core.models import Organisatie
from tests.factories.core import OrganisatieFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="handtekening.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class ZorgaanbiederFactory(OrganisatieFactory):
    naam = factory.Sequence(lambda n: f"Zorgaanbieder {n}")
    soort = Organisatie.Soort.ZORGAANBIEDER


class BuurtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buurt

    transformatieplan = factory.LazyFunction(ensure_transformatieplan)
    naam = factory.Sequence(lambda n: f"Buurt {n}")
    gemeente = None
    alliantiepartner = factory.SubFactory(ZorgaanbiederFactory)
    cohort = 1
    inwoners = 4000
    marktaandeel = Decimal("60.0")
    crit_professionals = True
    crit_burgers = True
    crit_samenwerking = True
    crit_marktaandeel = True
    crit_case_for_change = True
    crit_executiekracht = True


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
    activiteit = services.voeg_activiteit_toe(actor, plan, thema=zorgzaam, naam="Ontmoetingsplek", uitvoerende_partner=partner)
    for jaar, bedrag in (bedragen or {2024: Decimal("1000.00"), 2025: Decimal("2500.50")}).items():
        services.voeg_regel_toe(
            actor, plan.begroting, activiteit=activiteit, jaar=jaar, domein="sociaal_domein", financiering="spuk",
            ontvangende_partner=partner, bedrag=bedrag,
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
    services.voeg_ondertekening_toe(actor, plan, soort="buurtplan", ondertekenaar="Wendy Wijk", functie="Wijkverpleegkundige",
                                    getekend_op=datum, document=pdf_upload(), organisatie_naam="Buurtnetwerk")
    services.voeg_ondertekening_toe(actor, plan, soort="buurtbegroting", ondertekenaar="Wendy Wijk", functie="Wijkverpleegkundige",
                                    getekend_op=datum, document=pdf_upload(), organisatie_naam="Buurtnetwerk")
    services.voeg_ondertekening_toe(actor, plan, soort="intentieverklaring", ondertekenaar="J. Wethouder", functie="Wethouder",
                                    getekend_op=datum, document=pdf_upload(), organisatie=gemeente)
    services.voeg_ondertekening_toe(actor, plan, soort="overeenkomst", ondertekenaar="J. Wethouder", functie="Wethouder",
                                    getekend_op=datum, document=pdf_upload(), organisatie=gemeente)
