"""Dashboards: key figures as accessible SVG charts, each with its data table.

Each app registers panels in its `dashboard.py`:

    @dashboard.paneel(order=10)
    def kerncijfers(user, gemeente_ids, vandaag):
        return [dashboard.Paneel("kerncijfers", _("Kerncijfers per jaar"), kolommen, rijen, grafiek=...)]

`niveau="gemeente"` panels make the dashboard of the user's gemeente(n) (`core:dashboard`),
`niveau="landelijk"` panels the national one (`core:dashboard_landelijk`, all gemeenten). A panel
reads only what the user may see (the gemeente ids it is given come from the user) and takes money
figures from the ledger through `grootboek.api`. The chart and the table come from the same rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .money import format_bedrag
from .registry import autodiscover


@dataclass
class Rij:
    label: Any
    waarden: list[Any]
    link: str = ""
    te_laat: bool = False  # shown in red with `toelichting` as text
    toelichting: Any = ""
    totaal: bool = False


@dataclass
class Paneel:
    sleutel: str  # unique on the page: ids of the chart's title and description
    titel: Any
    kolommen: list[Any]  # headers of the value columns (the row label column is `rij_kop`)
    rijen: list[Rij]
    rij_kop: Any = ""
    geld: bool = True  # values are amounts in euro
    grafiek: dict[str, Any] | None = None  # from core.charts
    soort: str = "staaf"  # "staaf" or "tijdlijn"
    toelichting: Any = ""
    leeg: Any = ""  # text when there are no rows

    @property
    def beschrijving(self) -> str:
        """The chart's text alternative: every row with its values, in words."""
        zinnen = []
        for rij in self.rijen:
            delen = [
                f"{kolom} {format_bedrag(w) if self.geld and w is not None else ('–' if w is None else w)}"
                for kolom, w in zip(self.kolommen, rij.waarden, strict=False)
            ]
            extra = f" ({rij.toelichting})" if rij.toelichting else ""
            zinnen.append(f"{rij.label}: {', '.join(delen)}{extra}.")
        return " ".join(zinnen)


@dataclass
class _Registratie:
    func: Callable[[Any, list[int], datetime.date], list[Paneel]]
    order: int
    niveau: str


@dataclass
class Registry:
    _panelen: list[_Registratie] = field(default_factory=list)
    _discovered: bool = False

    def paneel(self, order: int = 100, niveau: str = "gemeente") -> Callable:
        def decorator(func: Callable) -> Callable:
            self._panelen.append(_Registratie(func, order, niveau))
            return func

        return decorator

    def panelen(
        self, user: Any, gemeente_ids: list[int], niveau: str = "gemeente", vandaag: datetime.date | None = None
    ) -> list[Paneel]:
        if not self._discovered:
            self._discovered = True
            autodiscover("dashboard")
        vandaag = vandaag or datetime.date.today()
        result: list[Paneel] = []
        for registratie in sorted(self._panelen, key=lambda r: r.order):
            if registratie.niveau == niveau:
                result.extend(registratie.func(user, gemeente_ids, vandaag))
        return result


registry = Registry()
paneel = registry.paneel
