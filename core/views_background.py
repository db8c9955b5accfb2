"""Pages for background reports (progress via htmx polling) and the deadline calendar."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from . import services
from .access import get_or_deny
from .actions import ActionView
from .documents import private_response
from .lists import Column, TableView
from .models import Gemeente, Rapport
from .reminders import calendar


class RapportenView(TableView):
    permission_required = "core.view_meldingen"
    title = _("Mijn rapporten")
    empty_noun = _("rapporten")
    intro = _("Rapporten en exports worden op de achtergrond gemaakt. U kunt deze pagina verlaten en later terugkomen.")
    export_filename = "rapporten"
    default_sort = "-aangevraagd_op"
    columns = [
        Column("pk", _("Nummer"), sort="pk", link=True),
        Column("soort", _("Soort"), value=lambda r: r.get_soort_display()),
        Column("status", _("Status"), sort="status", value=lambda r: r.get_status_display()),
        Column("aangevraagd_op", _("Aangevraagd op"), sort="aangevraagd_op"),
        Column("gereed_op", _("Gereed op"), sort="gereed_op"),
    ]

    def get_base_queryset(self):
        return Rapport.objects.visible_to(self.request.user)


def _own_rapport(request, pk):
    return get_or_deny(request.user, Rapport, pk, "core.view_rapport")


@login_required
def rapport_detail(request, pk):
    rapport = _own_rapport(request, pk)
    template = "core/_rapport_status.html" if request.htmx else "core/rapport_detail.html"
    return render(request, template, {"rapport": rapport})


@login_required
def rapport_download(request, pk):
    rapport = _own_rapport(request, pk)
    if rapport.status != Rapport.Status.GEREED or not rapport.bestand:
        raise Http404
    return private_response(FileResponse(rapport.bestand.open("rb"), as_attachment=True, filename=rapport.bestandsnaam))


class RapportOpnieuwView(ActionView):
    success_message = _("Het rapport staat weer in de wachtrij.")

    def get_object(self):
        return get_or_deny(self.request.user, Rapport, self.kwargs["pk"], "core.opnieuw_rapport")

    def perform(self, obj, form):
        return services.probeer_rapport_opnieuw(self.request.user, obj)


class KalenderView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "core.view_kalender"
    template_name = "core/kalender.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeente = self.request.gemeente
        user = self.request.user
        # A deadline links to its page only for whom may open that page (no link into a 403).
        context["items"] = (
            [(item, source, item.link_voor(user)) for item, source in calendar(gemeente.pk)] if gemeente else []
        )
        return context


class TijdlijnExportView(ActionView):
    """Request the audit timeline of a gemeente for one year as a background XLSX."""

    def get_object(self):
        return get_or_deny(self.request.user, Gemeente.objects.all(), self.kwargs["pk"])

    def perform(self, obj, form):
        return services.vraag_rapport_aan(
            self.request.user, "tijdlijn_xlsx", {"jaar": self.request.POST.get("jaar", "")}, obj
        )
