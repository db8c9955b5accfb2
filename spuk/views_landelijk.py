"""The regulation's page for landelijk beheer (national data, the same for every gemeente)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from core.actions import report_errors
from core.lists import Column, TableView
from core.services import timeline

from . import services
from .forms import RegelingForm
from .models import Regeling


class RegelingenView(TableView):
    permission_required = "spuk.beheer_regeling"
    title = gettext_lazy("Regeling")
    intro = gettext_lazy("De landelijke gegevens van de regeling; een wijziging geldt voor elke gemeente.")
    export_filename = "regelingen"
    default_sort = "naam"
    columns = [
        Column("naam", gettext_lazy("Naam"), sort="naam", link=True),
        Column("sisa_code", gettext_lazy("SiSa-code"), sort="sisa_code"),
        Column("startjaar", gettext_lazy("Eerste jaar"), sort="startjaar"),
        Column("eindjaar", gettext_lazy("Laatste jaar"), sort="eindjaar"),
        Column("aanvraag_deadline", gettext_lazy("Uiterste aanvraagdatum"), sort="aanvraag_deadline"),
        Column("verantwoording_deadline", gettext_lazy("Verantwoordingstermijn")),
    ]

    def get_base_queryset(self):
        return Regeling.objects.all()

    def row_url(self, obj):
        return reverse("spuk:regeling", args=[obj.pk])


class RegelingView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "spuk.beheer_regeling"
    template_name = "spuk/regeling.html"
    form_class = RegelingForm

    def dispatch(self, request, *args, **kwargs):
        self.regeling = get_object_or_404(Regeling, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {veld: getattr(self.regeling, veld) for veld in services.REGELING_VELDEN}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["verantwoording_deadline"] = data.get("verantwoording_deadline") or ""
        try:
            services.wijzig_regeling(self.request.user, self.regeling, **data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De regeling is opgeslagen."))
        return redirect("spuk:regeling", self.regeling.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(regeling=self.regeling, tijdlijn=timeline(self.regeling)[:50], **kwargs)
