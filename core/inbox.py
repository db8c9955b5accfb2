"""The task inbox ("Wat moet ik doen") on every staff start page.

Each app registers providers in its `inbox.py`:

    @inbox.provider(order=10)
    def te_beoordelen(user, vandaag):
        if not user.has_perm("declaraties.beoordeel_lijst"):
            return []
        n = Declaratie.objects.visible_to(user).filter(...).count()
        return [inbox.Taak(_("Te beoordelen"), n, reverse(...) + "?status=...")]

A provider asks for a permission before it counts, counts only through `visible_to(user)` and
spends a fixed number of queries (no query per row), so the start page stays cheap however much
work there is. Each task links to the list filtered on exactly what was counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import autodiscover
from .reminders import calendar


@dataclass(frozen=True)
class Taak:
    label: Any
    aantal: int
    url: str
    # Text beside the count, e.g. "te laat sinds 30 juni 2025"; `te_laat` shows it in red.
    toelichting: Any = ""
    te_laat: bool = False
    # A figure rather than a count (e.g. remaining budget): shown as text, never hidden at zero.
    waarde: Any = None
    groep: Any = ""


@dataclass
class _Provider:
    func: Callable[[Any, datetime.date], list[Taak]]
    order: int


@dataclass
class Registry:
    _providers: list[_Provider] = field(default_factory=list)
    _discovered: bool = False

    def provider(self, order: int = 100) -> Callable:
        def decorator(func: Callable) -> Callable:
            self._providers.append(_Provider(func, order))
            return func

        return decorator

    def providers(self) -> list[_Provider]:
        if not self._discovered:
            self._discovered = True
            autodiscover("inbox")
        return sorted(self._providers, key=lambda p: p.order)

    def taken(self, user: Any, vandaag: datetime.date | None = None) -> list[Taak]:
        vandaag = vandaag or datetime.date.today()
        result: list[Taak] = []
        for p in self.providers():
            result.extend(p.func(user, vandaag))
        return result


registry = Registry()
provider = registry.provider


# Core's own task: every deadline source (core/reminders.py) due within 30 days.
@provider(order=50)
def _deadlines(user: Any, vandaag: datetime.date) -> list[Taak]:
    if not user.has_perm("core.view_kalender"):
        return []
    aantal = sum(len(calendar(gemeente_id, vandaag, dagen=30)) for gemeente_id in sorted(user.gemeente_ids))
    return [Taak(_("Deadlines binnen 30 dagen"), aantal, reverse("core:kalender"))]
