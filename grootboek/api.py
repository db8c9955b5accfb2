"""The public interface of the ledger for every other app (buurtplan, mijlpalen, spuk, declaraties).

Other apps import `grootboek.api` only: never `grootboek.models`, `grootboek.queries` or private
helpers (a ForeignKey to "grootboek.Journaalpost" by its string label is fine). What is here:

- booking: `boek` (the one door: `services.boek`), `Regel`, `boek_in_bulk` with `Boeking` (data loads), `tegenboek`, `BoekingGeweigerd`,
  `standaard_rekening` / `ensure_standaard_rekeningschema` and the account roles `Rol`;
- reading figures: `saldo`, `netto_sommen` with `Deel` (several netted sums of one beschikking's
  account in one query), `netto_per_activiteit` (per buurtplan activity stored on the line),
  `sommen_per_rol`, `sommen_per_jaar`, `regels_van_beschikking`, `groepen_van_beschikking`;
- `SisaCategorie`: the SiSa category (zelfstandig / medeoverheid) stored on every expense line;
- looking up entries: `regels_van_post`, `journaalposten_na` (the ERP import cursor), `tegenboeking_van`, `is_tegengeboekt`, `journaalpost_url`;
- period discipline: `sluit_periode` (after a release), `periode_afgesloten`, `boekjaar_gesloten`;
- reconciliation: `Aansluitregel` (apps return these from their `controles.py`);
- `FrozenError`, raised when anyone tries to change a booked record.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch

from core.frozen import FrozenError
from core.models import Organisatie

from . import queries
from .controles import Aansluitregel
from .models import Boekjaar, Journaalpost, Journaalregel, Rekening, SisaCategorie
from .queries import (
    Deel,
    beschikking_per_post,
    groepen_van_beschikking,
    journaalposten_na,
    netto_per_activiteit,
    netto_per_boekjaar,
    netto_per_boekjaar_en_bron,
    netto_sommen,
    nieuwste_regels_pagina,
    regels_van_beschikking,
    regels_van_post,
    sommen_per_gemeente_en_rol,
    sommen_per_jaar,
    sommen_per_rol,
)
from .services import (
    Boeking,
    BoekingGeweigerd,
    Regel,
    boek,
    boek_in_bulk,
    ensure_standaard_rekeningschema,
    periode_afgesloten,
    sluit_periode,
    standaard_rekening,
    tegenboek,
)

__all__ = [
    "Aansluitregel",
    "Boeking",
    "BoekingGeweigerd",
    "Deel",
    "FrozenError",
    "Journaalpost",
    "Regel",
    "Rol",
    "SisaCategorie",
    "ZERO",
    "boek",
    "boek_in_bulk",
    "boekjaar_gesloten",
    "boekjaren_van_rekening",
    "netto_per_bron",
    "periode_afgesloten",
    "ensure_standaard_rekeningschema",
    "is_tegengeboekt",
    "journaalposten_na",
    "journaalpost_url",
    "netto_per_relatie",
    "netto_per_activiteit",
    "netto_sommen",
    "rekening",
    "nieuwste_regels_pagina",
    "regels_van_beschikking",
    "beschikking_per_post",
    "netto_per_boekjaar",
    "netto_per_boekjaar_en_bron",
    "groepen_van_beschikking",
    "regels_van_post",
    "saldo",
    "saldo_op",
    "sluit_periode",
    "sommen_per_gemeente_en_rol",
    "sommen_per_jaar",
    "sommen_per_rol",
    "standaard_rekening",
    "tegenboek",
    "tegenboeking_van",
]

Rol = Rekening.Rol
ZERO = queries.ZERO


def rekening(gemeente: Organisatie | int, rol: str, beschikkingsnummer: str = "") -> Rekening | None:
    """The account with this role (of a beschikking), or None when it does not exist yet. Reading
    never creates accounts; booking code uses `standaard_rekening`."""
    return queries.rekening_van_beschikking(gemeente, rol, beschikkingsnummer)


def saldo(rekening: Rekening, tot_datum: datetime.date | None = None, bestedingsjaar: int | None = None) -> Decimal:
    """Balance (debet − credit) of an account up to and including `tot_datum`."""
    return queries.saldo(rekening, tot_datum=tot_datum, bestedingsjaar=bestedingsjaar)


def saldo_op(gemeente: Organisatie | int, rol: str, beschikkingsnummer: str, datum: datetime.date) -> Decimal:
    """Balance (debet − credit) at `datum` of the account with `rol` of a beschikking (0 without account)."""
    account = rekening(gemeente, rol, beschikkingsnummer)
    return saldo(account, tot_datum=datum) if account is not None else ZERO


def boekjaren_van_rekening(gemeente: Organisatie | int, rol: str, beschikkingsnummer: str = "") -> set[int]:
    """The boekjaren in which the account with `rol` (of a beschikking) has lines."""
    account = rekening(gemeente, rol, beschikkingsnummer)
    return queries.boekjaren_van_rekening(account) if account is not None else set()


def tegenboeking_van(post: Journaalpost) -> Journaalpost | None:
    """The entry that reverses `post`, or None."""
    return queries.tegenboeking_van(post)


def is_tegengeboekt(post: Journaalpost) -> bool:
    return Journaalpost.objects.filter(tegenboeking_van=post).exists()


def journaalpost_url(post: Journaalpost | Journaalregel | None) -> str | None:
    """The ledger page of an entry (or of a line's entry); None when there is none or no page."""
    if post is None:
        return None
    try:
        return post.get_absolute_url()
    except NoReverseMatch:
        return None


def boekjaar_gesloten(gemeente: Organisatie | int, jaar: int) -> bool:
    """True when finance has closed boekjaar `jaar` of the gemeente."""
    return Boekjaar.objects.filter(gemeente=gemeente, jaar=int(jaar), gesloten=True).exists()


def netto_per_bron(
    gemeente: Organisatie | int, rol: str, bron_model: Any, *, beschikkingsnummer: str | None = None
) -> dict[tuple[str, str], Decimal]:
    """{(beschikkingsnummer, bron_id): debet − credit} of the lines on accounts with `rol` whose entry
    has a source of `bron_model` (one query; reversals keep their original's source, so they net out)."""
    return queries.netto_per_bron(gemeente, rol, bron_model, beschikkingsnummer=beschikkingsnummer)


def netto_per_relatie(gemeente: Organisatie | int, rol: str, beschikkingsnummer: str = "") -> dict[int | None, Decimal]:
    """{relatie_id: debet − credit} on the account with `rol` (of a beschikking), one query."""
    return queries.netto_per_relatie(gemeente, rol, beschikkingsnummer)
