"""Reconciliation between the ledger and the subledgers of other apps, without importing them.

Apps to the right of grootboek (spuk, declaraties) put a `controles.py` module in their package,
collected in app order like `reports.py` and `reminders.py` (core.registry). Such a module may define

- `aansluiting(gemeente, beschikkingsnummer=None) -> list[Aansluitregel]`: figures of the ledger
  against the app's own records (the *Aansluiting* page and `manage.py grootboek_controle`);
- `boekjaar_bezwaren(gemeente, jaar) -> list[str]`: why boekjaar `jaar` may not be closed yet
  (`services.sluit_boekjaar`);
- `bevindingen(gemeente=None) -> list[str]`: breaches of the app's own records against the entries
  they point at, too costly for the page (`manage.py grootboek_controle` only).

A check must be able to fail: it compares two independently kept figures, never a figure with
itself. Keep each check at a fixed number of queries per gemeente (no query per row).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from core.models import Organisatie
from core.registry import autodiscover


@dataclass(frozen=True)
class Aansluitregel:
    """One reconciliation line: the ledger figure against the subledger figure."""

    controle: str  # what is compared (Dutch)
    gemeente: str
    beschikkingsnummer: str
    onderwerp: str  # year, partner, ... (Dutch; may be empty)
    grootboek: Decimal
    subadministratie: Decimal
    toelichting: str = ""

    @property
    def verschil(self) -> Decimal:
        return self.grootboek - self.subadministratie

    @property
    def klopt(self) -> bool:
        return self.verschil == 0

    def tekst(self) -> str:
        onderwerp = f" {self.onderwerp}" if self.onderwerp else ""
        return (
            f"{self.gemeente} {self.beschikkingsnummer}{onderwerp}: {self.controle}: grootboek {self.grootboek:.2f}, "
            f"subadministratie {self.subadministratie:.2f}, verschil {self.verschil:.2f}"
            + (f" ({self.toelichting})" if self.toelichting else "")
        )


@cache
def _modules() -> tuple[Any, ...]:
    return tuple(m for m in autodiscover("controles") if m.__name__ != __name__)


def aansluiting_checks() -> list[Callable[..., list[Aansluitregel]]]:
    return [m.aansluiting for m in _modules() if hasattr(m, "aansluiting")]


def boekjaar_checks() -> list[Callable[[Organisatie, int], list[str]]]:
    return [m.boekjaar_bezwaren for m in _modules() if hasattr(m, "boekjaar_bezwaren")]


def bevinding_checks() -> list[Callable[..., list[str]]]:
    return [m.bevindingen for m in _modules() if hasattr(m, "bevindingen")]


def aansluitregels(gemeente: Organisatie, beschikkingsnummer: str | None = None) -> list[Aansluitregel]:
    """Every reconciliation line of every app for one gemeente (optionally one beschikking)."""
    regels: list[Aansluitregel] = []
    for check in aansluiting_checks():
        regels.extend(check(gemeente, beschikkingsnummer))
    return regels


def aansluitverschillen(gemeente: Organisatie | None = None) -> list[Aansluitregel]:
    """The lines with a difference, over one gemeente or all gemeenten."""
    gemeenten = (
        [gemeente] if gemeente is not None else list(Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE))
    )
    return [r for g in gemeenten for r in aansluitregels(g) if not r.klopt]
