"""The national milestones' page for landelijk beheer (the same for every gemeente)."""

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
from .forms import MijlpaalForm
from .models import Mijlpaal


class MijlpalenBeheerView(TableView):
    permission_required = "mijlpalen.beheer_mijlpalen"
    title = gettext_lazy("Landelijke mijlpalen")
    intro = gettext_lazy("De mijlpalen van het landelijke plan; een wijziging geldt voor elke buurt en gemeente.")
    export_filename = "mijlpalen"
    default_sort = "nummer"
    columns = [
        Column("nummer", gettext_lazy("Nummer"), sort="nummer"),
        Column("omschrijving", gettext_lazy("Omschrijving"), sort="omschrijving", link=True),
        Column("soort", gettext_lazy("Soort"), sort="soort", value=lambda m: m.get_soort_display()),
        Column("deadline", gettext_lazy("Deadline"), sort="deadline"),
    ]

    def get_base_queryset(self):
        return Mijlpaal.objects.all()

    def row_url(self, obj):
        return reverse("mijlpalen:beheer_mijlpaal", args=[obj.pk])


class MijlpaalBeheerView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "mijlpalen.beheer_mijlpalen"
    template_name = "mijlpalen/beheer_mijlpaal.html"
    form_class = MijlpaalForm

    def dispatch(self, request, *args, **kwargs):
        self.mijlpaal = get_object_or_404(Mijlpaal, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {veld: getattr(self.mijlpaal, veld) for veld in services.MIJLPAAL_VELDEN}

    def form_valid(self, form):
        try:
            services.wijzig_mijlpaal(self.request.user, self.mijlpaal, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De mijlpaal is opgeslagen."))
        return redirect("mijlpalen:beheer_mijlpaal", self.mijlpaal.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(mijlpaal=self.mijlpaal, tijdlijn=timeline(self.mijlpaal)[:50], **kwargs)
