"""Demo data (DESIGN.md §6), idempotent, through the services so every euro is booked:

- the Regeling with the SiSa indicators;
- Zutphen – Zuidwijken: aanvraag 1047323 for €341.840 (2024 €34.851, 2025 €167.587, 2026 €121.977,
  2027 €17.425), verleend as beschikking SPUK-IZA-AZWA-1047323 (the number the grootboek demo uses
  for its accounts), termijnen 2024 and 2025 received and booked Bank / Vooruitontvangen;
- Alphen aan den Rijn – Boskoop: aanvraag 3762946 for €79.510 (2026–2027), ingediend.

Perspectief's 2024 costs declared in 2025 (the T-1 correction in SiSa 2025) are booked by the
declaraties demo, which runs after this one.

Running it again never fails because someone worked in the demo: an aanvraag is found by its
zaaknummer or else by (gemeente, regeling, buurt) when the zaaknummer was changed, and an existing
one is left as it is (withdrawn, changed, ...) and reported as skipped; the beschikking, which the
services may refuse now (its number taken), is skipped with the reason.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from buurtplan.models import Buurt
from buurtplan.queries import spuk_totalen_per_jaar
from core.models import Organisatie, User

from . import queries, services
from .models import Aanvraag, Regeling, Termijn, standaard_indicatoren

REGELING = "Specifieke uitkering transformatiemiddelen IZA & AZWA"
ZUTPHEN_NUMMER = "SPUK-IZA-AZWA-1047323"
ZUTPHEN_BEDRAGEN = {
    2024: Decimal("34851.00"),
    2025: Decimal("167587.00"),
    2026: Decimal("121977.00"),
    2027: Decimal("17425.00"),
}
ALPHEN_TOTAAL = Decimal("79510.00")


def _user(email):
    return User.objects.filter(email=email).first()


def _demo_aanvraag(gemeente, regeling, buurt, zaaknummer, overgeslagen):
    """The demo aanvraag: by zaaknummer, or the gemeente's aanvraag for this buurt under the regeling."""
    aanvraag = Aanvraag.objects.filter(gemeente=gemeente, zaaknummer=zaaknummer).first()
    if aanvraag is None:
        aanvraag = Aanvraag.objects.filter(gemeente=gemeente, regeling=regeling, buurten=buurt).order_by("pk").first()
        if aanvraag is not None:
            overgeslagen.append(f"demo-aanvraag {zaaknummer} bestaat al als {aanvraag.zaaknummer}")
    return aanvraag


def _stap(overgeslagen, omschrijving, functie, *args, **kwargs):
    """Run one service step of the demo; when the services refuse it now, skip it and say why."""
    try:
        with transaction.atomic():
            return functie(*args, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        reden = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        overgeslagen.append(f"{omschrijving}: {reden}")
        return None


def load_regeling():
    regeling, _created = Regeling.objects.update_or_create(
        naam=REGELING,
        defaults={"sisa_code": "H14", "startjaar": 2024, "eindjaar": 2028, "indicatoren": standaard_indicatoren()},
    )
    return regeling


def load_zutphen(regeling, overgeslagen=None):
    overgeslagen = [] if overgeslagen is None else overgeslagen
    gemeente = Organisatie.objects.get(naam="Gemeente Zutphen")
    buurt = Buurt.objects.get(gemeente=gemeente, naam="Zuidwijken")
    beleid, financien = _user("beleid@zutphen.demo"), _user("financien@zutphen.demo")
    aanvraag = _demo_aanvraag(gemeente, regeling, buurt, "1047323", overgeslagen)
    if aanvraag is not None:
        # It exists: whatever happened to it since (withdrawn, changed, settled) stays as it is.
        overgeslagen.append(f"aanvraag {aanvraag.zaaknummer} bestaat al ({aanvraag.get_status_display()})")
        return getattr(aanvraag, "beschikking", None)
    with transaction.atomic():
        aanvraag = services.maak_aanvraag(
            beleid,
            gemeente=gemeente,
            regeling=regeling,
            zaaknummer="1047323",
            titel="Aanvraag SPUK voor IZA-plan 'Buurt als Ecosysteem'",
            buurten=[buurt],
            bedragen=ZUTPHEN_BEDRAGEN,
            portefeuillehouder="Jasper Bloem",
            opsteller="Marijn te Stroete",
            toelichting="Sociaal-domeindeel (Stichting Perspectief) van het buurtplan Zuidwijken; Sensire is "
            "alliantiepartner. Kosten van Perspectief uit 2024 worden verantwoord in de SiSa over 2025.",
        )
        controle = queries.reconciliatie(aanvraag)
        aanvraag = services.dien_in(
            beleid,
            aanvraag,
            datum=datetime.date(2025, 6, 2),
            reden=""
            if controle["klopt"]
            else "Aangevraagd volgens het transformatieplan; begroting en mijlpalenoverzicht worden daarop afgestemd.",
        )
        beschikking = _stap(
            overgeslagen,
            f"beschikking {ZUTPHEN_NUMMER}",
            services.verleen,
            financien,
            aanvraag,
            nummer=ZUTPHEN_NUMMER,
            datum=datetime.date(2025, 10, 15),
            bedrag=sum(ZUTPHEN_BEDRAGEN.values(), Decimal("0")),
        )
    if beschikking is None:
        return None
    for termijn in beschikking.termijnen.filter(jaar__in=(2024, 2025), status=Termijn.Status.VERWACHT):
        services.registreer_termijn(financien, termijn, ontvangen_op=datetime.date(2025, 11, 3))
    return beschikking


def load_alphen(regeling, overgeslagen=None):
    overgeslagen = [] if overgeslagen is None else overgeslagen
    gemeente = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")
    buurt = Buurt.objects.get(gemeente=gemeente, naam="Boskoop")
    beleid = _user("beleid@alphen.demo")
    aanvraag = _demo_aanvraag(gemeente, regeling, buurt, "3762946", overgeslagen)
    if aanvraag is not None:
        overgeslagen.append(f"aanvraag {aanvraag.zaaknummer} bestaat al ({aanvraag.get_status_display()})")
        return aanvraag
    with transaction.atomic():
        bedragen = spuk_totalen_per_jaar(buurt)
        if sum(bedragen.values(), Decimal("0")) != ALPHEN_TOTAAL:
            bedragen = {2026: Decimal("39755.00"), 2027: Decimal("39755.00")}
        aanvraag = services.maak_aanvraag(
            beleid,
            gemeente=gemeente,
            regeling=regeling,
            zaaknummer="3762946",
            titel="Deelname Transformatieplan Buurt als eco-systeem",
            buurten=[buurt],
            bedragen=bedragen,
            datum_collegebesluit=datetime.date(2026, 3, 3),
            portefeuillehouder="Wethouder Schotanus",
            opsteller="Mariska Smit",
            toelichting="Het Subsidieloket dient de aanvraag in; declaraties worden betaald vanuit een nieuw "
            "grootboeknummer. Geen eigen inleg.",
        )
        controle = queries.reconciliatie(aanvraag)
        return services.dien_in(
            beleid,
            aanvraag,
            datum=datetime.date(2026, 3, 16),
            reden="" if controle["klopt"] else "Mijlpalenoverzicht Boskoop wordt nog afgestemd met Vierstroom.",
        )


def load(stdout=None):
    overgeslagen = []
    regeling = load_regeling()
    beschikking = load_zutphen(regeling, overgeslagen)
    aanvraag = load_alphen(regeling, overgeslagen)
    if stdout:
        for regel in overgeslagen:
            stdout.write(f"spuk: overgeslagen: {regel}")
        if beschikking is not None:
            stdout.write(
                f"spuk: beschikking {beschikking.nummer} ({beschikking.bedrag}) met "
                f"{beschikking.termijnen.filter(status='ontvangen').count()} ontvangen termijnen; "
                f"aanvraag {aanvraag.zaaknummer} ({aanvraag.get_status_display()})"
            )
