"""Declaraties test helpers: a buurt with an approved budget, a beschikking, and declarations made
through the services (never by writing statuses directly)."""
import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from buurtplan import services as bp_services
from buurtplan.models import Begrotingsregel
from declaraties import services
from declaraties.models import Declaratie
from spuk.models import Aanvraag, Beschikking, Regeling
from tests.factories.buurtplan import PDF_BYTES, PNG_BYTES, klaar_voor_vaststelling  # noqa: F401

JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf(name="factuur.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def begroting_met_regels(beleid, buurt, partner, bedragen=None):
    """A vastgesteld buurtplan whose approved budget gives `partner` SPUK lines; {jaar: regel}."""
    plan = klaar_voor_vaststelling(beleid, buurt, partner, bedragen or {2024: Decimal("5000.00"), 2025: Decimal("20000.00")})
    bp_services.stel_vast(beleid, plan)
    return {r.jaar: r for r in Begrotingsregel.objects.filter(begroting__buurtplan=plan)}


def beschikking_voor(buurt, nummer="SPUK-IZA-AZWA-1047323"):
    """A granted aanvraag including `buurt` with its beschikking (spuk models, no spuk services)."""
    regeling, _ = Regeling.objects.get_or_create(naam="SPUK transformatiemiddelen IZA & AZWA")
    aanvraag = Aanvraag.objects.create(
        regeling=regeling, gemeente=buurt.gemeente, titel=f"Aanvraag {buurt}", zaaknummer=nummer, status="verleend"
    )
    aanvraag.buurten.add(buurt)
    return Beschikking.objects.create(
        aanvraag=aanvraag, gemeente=buurt.gemeente, nummer=nummer, datum=datetime.date(2024, 11, 1),
        bedrag=Decimal("341840.00"), periode_start_jaar=2024, periode_eind_jaar=2027,
    )


def concept(partner_user, regel, *, bedrag="1000.00", factuurnummer=None, bijlage=True, verklaring=True, **extra):
    jaar = regel.jaar
    velden = dict(
        begrotingsregel=regel,
        periode_van=datetime.date(jaar, 1, 1),
        periode_tot=datetime.date(jaar, 3, 31),
        bedrag=Decimal(bedrag) if bedrag is not None else None,
        omschrijving="Inzet kartrekker eerste kwartaal",
        factuurnummer=factuurnummer if factuurnummer is not None else f"F-{Declaratie.objects.count() + 1:04d}",
        niet_elders_gefinancierd=verklaring,
    )
    velden.update(extra)
    d = services.bewaar_concept(partner_user, **velden)
    if bijlage:
        services.voeg_bijlage_toe(partner_user, d, pdf())
    return d


def ingediend(partner_user, regel, **kwargs):
    return services.dien_in(partner_user, concept(partner_user, regel, **kwargs))


def reload(d):
    return Declaratie.objects.get(pk=d.pk)
