"""Declaraties test helpers: a buurt with an approved budget, a beschikking, and declarations made
through the services (never by writing statuses directly)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from declaraties import services
from declaraties.models import Declaratie
from tests.factories.buurtplan import PDF_BYTES, PNG_BYTES, BuurtplanFactory  # noqa: F401
from tests.factories.spuk import BeschikkingFactory

JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf(name="factuur.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def begroting_met_regels(beleid, buurt, partner, bedragen=None):
    """A vastgesteld buurtplan whose approved begroting gives `partner` SPUK lines; {jaar: regel}.

    Written directly (BuurtplanFactory): declaration tests need the approved budget, not the four
    signed PDFs and the vaststelling that tests/buurtplan exercise through the services."""
    plan = BuurtplanFactory(
        buurt=buurt,
        partner=partner,
        door=beleid,
        vastgesteld=True,
        bedragen=bedragen or {2024: Decimal("5000.00"), 2025: Decimal("20000.00")},
    )
    return plan.spuk_regels


def beschikking_voor(buurt, nummer="SPUK-IZA-AZWA-1047323"):
    """A granted aanvraag including `buurt` with its beschikking of € 341.840 for 2024–2027."""
    return BeschikkingFactory(
        gemeente=buurt.gemeente,
        nummer=nummer,
        aanvraag__buurten=[buurt],
        aanvraag__titel=f"Aanvraag {buurt}",
        aanvraag__zaaknummer=nummer,
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


def instellingen_gewijzigd(voorsteller, bevestiger, gemeente, drempel, *, scheiding=True, toelichting="Test"):
    """Change a gemeente's declaration settings the only way there is: one finance officer
    proposes, another confirms. Returns the DeclaratieInstelling."""
    wijziging = services.stel_instelling_voor(
        voorsteller, gemeente, drempel=Decimal(drempel), scheiding_goedkeuren_betalen=scheiding, toelichting=toelichting
    )
    return services.bevestig_instelling(bevestiger, wijziging)
