"""Pages for background reports (progress via htmx polling) and the deadline calendar."""
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .lists import Column, TableView
from .models import Rapport
from .reminders import calendar
from .rules import scope_rapporten


class RapportenView(TableView):
    permission_required = "core.view_meldingen"
    title = _("Mijn rapporten")
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
        return scope_rapporten(Rapport.objects.all(), self.request.user)


def _own_rapport(request, pk):
    rapport = get_object_or_404(scope_rapporten(Rapport.objects.all(), request.user), pk=pk)
    if not request.user.has_perm("core.view_rapport", rapport):
        raise PermissionDenied
    return rapport


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
    return FileResponse(rapport.bestand.open("rb"), as_attachment=True, filename=rapport.bestandsnaam)


class KalenderView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "core.view_kalender"
    template_name = "core/kalender.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeente = self.request.gemeente
        context["items"] = calendar(gemeente.pk) if gemeente else []
        return context


@login_required
def tijdlijn_export(request, pk):
    """Request the audit timeline of a gemeente for one year as a background XLSX."""
    from django.shortcuts import redirect
    from django.views.decorators.http import require_POST  # noqa: F401

    from .models import Gemeente
    from .rules import scope_to_gemeenten
    from .services import vraag_rapport_aan

    if request.method != "POST":
        raise Http404
    gemeente = get_object_or_404(scope_to_gemeenten(Gemeente.objects.all(), request.user, field="pk"), pk=pk)
    rapport = vraag_rapport_aan(request.user, "tijdlijn_xlsx", {"jaar": request.POST.get("jaar", "")}, gemeente)
    return redirect(rapport)
