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


# Any list page's XLSX above EXPORT_DIRECT_MAX rows (core.lists.TableView): the worker runs the same
# view for the requester with `achtergrond_export` set, so filters, sorting, scope and permission are
# exactly those of the page. Rows stream from the database (iterator) into a write-only workbook.
def _lijst_request(parameters, user, gemeente):
    from django.http import HttpRequest, QueryDict
    from django.urls import Resolver404, resolve

    try:
        match = resolve(parameters["pad"])
    except (Resolver404, KeyError) as exc:
        raise ValidationError("Onbekende lijst.") from exc
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = parameters["pad"]
    request.GET = QueryDict(parameters.get("query", ""), mutable=True)
    request.GET["format"] = "xlsx"
    request.user = user
    request.gemeente = gemeente
    request.session = {}
    request.achtergrond_export = True
    return match, request


def _is_lijst(match):
    from .lists import TableView

    view_class = getattr(match.func, "view_class", None)
    return view_class is not None and issubclass(view_class, TableView)


def _lijst_xlsx(rapport, progress):
    match, request = _lijst_request(rapport.parameters, rapport.aangevraagd_door, rapport.gemeente)
    if not _is_lijst(match):
        raise ValidationError("Deze pagina heeft geen export.")
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise ValidationError("U mag deze lijst niet (meer) exporteren.")
    progress(95)
    disposition = response.get("Content-Disposition", "")
    naam = disposition.split('filename="', 1)[1].rstrip('"') if 'filename="' in disposition else "export.xlsx"
    return naam, response.content


def _mag_lijst(user, parameters, gemeente):
    try:
        match, request = _lijst_request(parameters, user, gemeente)
    except ValidationError:
        return False
    if not _is_lijst(match):
        return False
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return user.is_authenticated and view.has_permission()


registry.register("lijst_xlsx", _("Lijst (XLSX)"), _lijst_xlsx, _mag_lijst)
