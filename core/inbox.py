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
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import ProviderRegistry
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


class Registry(ProviderRegistry):
    def __init__(self) -> None:
        super().__init__("inbox")

    def taken(self, user: Any, vandaag: datetime.date | None = None) -> list[Taak]:
        vandaag = vandaag or datetime.date.today()
        result: list[Taak] = []
        for func in self.providers():
            result.extend(func(user, vandaag))
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
