"""Demo ledger set-up: the standard chart of both demo gemeenten, Alphen's own numbering and ERP
templates. No money flows are booked here: the spuk and declaraties apps book them. Idempotent."""

from core.models import Organisatie

from .erp import standaard_kolommen
from .models import ErpExportProfiel, Rekening
from .services import ensure_standaard_rekeningschema

# The beschikkingen of DESIGN.md §6 (case numbers 1047323 and 3762946); the spuk app keys its
# Beschikking on the same numbers.
ZUTPHEN_BESCHIKKINGSNUMMER = "SPUK-IZA-AZWA-1047323"
ALPHEN_BESCHIKKINGSNUMMER = "SPUK-IZA-AZWA-3762946"

# Alphen created a new grootboeknummer for the transformatiemiddelen; finance mapped the chart.
ALPHEN_MAPPING = {
    ("bank", ""): {"nummer": "0110", "naam": "BNG Bank rekening-courant"},
    ("crediteuren", ""): {"nummer": "0400", "naam": "Crediteuren"},
    ("vooruitontvangen", ALPHEN_BESCHIKKINGSNUMMER): {"nummer": "0490.120", "kostenplaats": "SD-TRANS"},
    ("te_betalen_rijk", ALPHEN_BESCHIKKINGSNUMMER): {"nummer": "0490.121", "kostenplaats": "SD-TRANS"},
    ("lasten", ALPHEN_BESCHIKKINGSNUMMER): {
        "nummer": "6.1.4470",
        "naam": "Transformatiemiddelen IZA/AZWA – lasten",
        "kostenplaats": "SD-TRANS",
        "taakveld": "6.1",
    },
    ("baten", ALPHEN_BESCHIKKINGSNUMMER): {
        "nummer": "6.1.8470",
        "naam": "Transformatiemiddelen IZA/AZWA – baten",
        "kostenplaats": "SD-TRANS",
        "taakveld": "6.1",
        "economische_categorie": "4.3.1",
    },
}
ZUTPHEN_KOSTENPLAATS = "7100-SPUK"

ALPHEN_ERP_KOLOMMEN = [
    ["stuknummer", "Boekstuk"],
    ["boekdatum", "Datum"],
    ["periode", "Per"],
    ["rekening", "Grootboek"],
    ["kostenplaats", "Kpl"],
    ["taakveld", "Taakveld"],
    ["economische_categorie", "EC"],
    ["debet", "Debet"],
    ["credit", "Credit"],
    ["relatie", "Crediteur"],
    ["omschrijving", "Omschrijving"],
    ["beschikkingsnummer", "Project"],
    ["bestedingsjaar", "Bestjr"],
    ["bron", "Referentie"],
]


def load(stdout=None):
    zutphen = Organisatie.objects.get(naam="Gemeente Zutphen")
    alphen = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")

    ensure_standaard_rekeningschema(zutphen, ZUTPHEN_BESCHIKKINGSNUMMER)
    Rekening.objects.filter(gemeente=zutphen, beschikkingsnummer=ZUTPHEN_BESCHIKKINGSNUMMER).filter(
        rol__in=["lasten", "baten"]
    ).update(kostenplaats=ZUTPHEN_KOSTENPLAATS)
    ErpExportProfiel.objects.update_or_create(
        gemeente=zutphen,
        defaults={
            "kolommen": standaard_kolommen(),
            "scheidingsteken": ";",
            "decimaalkomma": True,
            "datumformaat": "%d-%m-%Y",
        },
    )

    ensure_standaard_rekeningschema(alphen, ALPHEN_BESCHIKKINGSNUMMER)
    for (rol, nummer), velden in ALPHEN_MAPPING.items():
        Rekening.objects.filter(gemeente=alphen, rol=rol, beschikkingsnummer=nummer).update(**velden)
    ErpExportProfiel.objects.update_or_create(
        gemeente=alphen,
        defaults={
            "kolommen": ALPHEN_ERP_KOLOMMEN,
            "scheidingsteken": ",",
            "decimaalkomma": False,
            "datumformaat": "%Y-%m-%d",
        },
    )
    if stdout:
        stdout.write(
            f"grootboek: rekeningschema's voor {zutphen} ({ZUTPHEN_BESCHIKKINGSNUMMER}) en {alphen} ({ALPHEN_BESCHIKKINGSNUMMER})"
        )
