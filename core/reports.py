"""Kinds of background reports. An app registers a kind in its `reports.py`:

    registry.register("sisa_xlsx", _("SiSa-verantwoording (XLSX)"), generate, permission)

`generate(rapport, progress)` returns (filename, bytes); `progress(percent)` updates the record.
`permission(user, parameters, gemeente)` says whether the user may request it.
"""

from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ValidationError

from .models import Gebeurtenis
from .registry import autodiscover
from .xlsx import build_workbook


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str
    generate: Callable
    permission: Callable


class Registry:
    def __init__(self):
        self._kinds = {}
        self._discovered = False

    def register(self, key, label, generate, permission):
        self._kinds[key] = ReportKind(key, label, generate, permission)

    def _discover(self):
        if not self._discovered:
            self._discovered = True
            autodiscover("reports")

    def get(self, key):
        self._discover()
        return self._kinds.get(key)

    def all(self):
        self._discover()
        return dict(self._kinds)


registry = Registry()


# Core's own report: the audit timeline of a gemeente for one year, for the accountant.
def _tijdlijn_xlsx(rapport, progress):
    try:
        jaar = int(rapport.parameters.get("jaar"))
    except (TypeError, ValueError):
        raise ValidationError("Geef een jaartal op, bijvoorbeeld 2025.")
    if not 2020 <= jaar <= 2100:
        raise ValidationError(f"{jaar} is geen geldig jaar voor de tijdlijn.")
    queryset = Gebeurtenis.objects.filter(gemeente=rapport.gemeente, tijdstip__year=jaar).select_related(
        "actor", "content_type"
    )
    total = queryset.count() or 1

    def rows():
        for index, event in enumerate(queryset.order_by("tijdstip", "pk").iterator(chunk_size=2000), start=1):
            if index % 500 == 0:
                progress(index * 90 // total)
            yield [
                event.tijdstip,
                str(event.actor or ""),
                event.content_type.name,
                event.onderwerp_omschrijving,
                event.actie,
                event.van_status,
                event.naar_status,
                event.reden,
            ]

    headers = ["Tijdstip", "Door", "Soort", "Onderwerp", "Actie", "Van", "Naar", "Reden"]
    content = build_workbook([(f"Tijdlijn {jaar}", headers, rows())])
    return f"tijdlijn-{rapport.gemeente.cbs_code or rapport.gemeente.pk}-{jaar}.xlsx", content


def _staff_of_gemeente(user, parameters, gemeente):
    return gemeente is not None and user.has_perm("core.view_gemeente", gemeente)


from django.utils.translation import gettext_lazy as _  # noqa: E402

registry.register("tijdlijn_xlsx", _("Tijdlijn van wijzigingen (XLSX)"), _tijdlijn_xlsx, _staff_of_gemeente)
