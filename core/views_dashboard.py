"""Dashboards: the panels every app registers (core/dashboard.py) on one page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from . import dashboard


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Key figures of the active gemeente (or all the user's gemeenten when none is chosen)."""

    permission_required = "core.view_dashboard"
    template_name = "core/dashboard.html"
    niveau = "gemeente"

    def gemeente_ids(self):
        gemeente = getattr(self.request, "gemeente", None)
        return [gemeente.pk] if gemeente is not None else sorted(self.request.user.gemeente_ids)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeente = getattr(self.request, "gemeente", None)
        context["titel"] = _("Dashboard %(gemeente)s") % {"gemeente": gemeente.naam} if gemeente else _("Dashboard")
        context["panelen"] = dashboard.registry.panelen(self.request.user, self.gemeente_ids(), self.niveau)
        return context


class LandelijkDashboardView(DashboardView):
    """All gemeenten and buurten of the programme, for the national role."""

    permission_required = "core.view_landelijk_dashboard"
    niveau = "landelijk"

    def gemeente_ids(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["titel"] = _("Landelijk dashboard")
        return context
