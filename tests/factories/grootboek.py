"""Ledger test helpers: accounts from the standard chart, and entries booked through the service."""

import datetime
from decimal import Decimal

from grootboek.models import Rekening
from grootboek.services import Regel, boek, ensure_standaard_rekeningschema

BESCHIKKING = "SPUK-IZA-AZWA-1047323"


def schema(gemeente, beschikkingsnummer=BESCHIKKING):
    """{rol: Rekening} of the standard chart (with the per-beschikking accounts)."""
    return ensure_standaard_rekeningschema(gemeente, beschikkingsnummer)


def eigen_rekening(gemeente, nummer, soort=Rekening.Soort.ACTIVA, naam=None):
    return Rekening.objects.create(gemeente=gemeente, nummer=nummer, naam=naam or f"Rekening {nummer}", soort=soort)


def boek_simpel(
    actor,
    gemeente,
    debet_rekening,
    credit_rekening,
    bedrag,
    *,
    boekdatum=None,
    omschrijving="Testboeking",
    relatie=None,
    bestedingsjaar=None,
    bron=None,
):
    """One two-line entry: debit one account, credit the other."""
    bedrag = Decimal(bedrag)
    boekdatum = boekdatum or datetime.date(2025, 3, 15)
    return boek(
        actor,
        gemeente=gemeente,
        boekdatum=boekdatum,
        omschrijving=omschrijving,
        regels=[
            Regel(debet_rekening, debet=bedrag, relatie=relatie),
            Regel(credit_rekening, credit=bedrag, relatie=relatie),
        ],
        bestedingsjaar=bestedingsjaar,
        bron=bron,
    )
