"""The beheer pages of partner organisations: which organisations work in the gemeente's buurten
(buurtplan/services.py does the work; core cannot, it does not know buurten)."""

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

from core.access import require
from core.actions import ActionView, report_errors
from core.lists import Column, TableView
from core.services import timeline

from . import queries, services
from .forms import OrganisatieFilter, OrganisatieForm, RedenForm


def _organisatie(user, pk, perm="buurtplan.view_organisatie"):
    """404 for an organisation that works in none of the user's buurten, 403 without `perm`."""
    organisatie = get_object_or_404(queries.partnerorganisaties(user), pk=pk)
    require(user, perm, organisatie)
    return organisatie


def _buurten(organisatie):
    return ", ".join(buurt.naam for buurt in organisatie.eigen_buurten)


class OrganisatiesView(TableView):
    permission_required = "buurtplan.beheer_organisaties"
    title = gettext_lazy("Partnerorganisaties")
    intro = gettext_lazy(
        "De organisaties die in de buurten van uw gemeente(n) werken. Alleen deze organisaties zijn te kiezen "
        "als partner in buurtplannen, begrotingen en declaraties."
    )
    template_name = "buurtplan/beheer/organisaties.html"
    export_filename = "partnerorganisaties"
    filter_form_class = OrganisatieFilter
    default_sort = "naam"
    columns = [
        Column("naam", gettext_lazy("Naam"), sort="naam", link=True),
        Column("soort", gettext_lazy("Soort"), sort="soort", value=lambda o: o.get_soort_display()),
        Column("kvk_nummer", gettext_lazy("KvK-nummer"), sort="kvk_nummer"),
        Column("email", gettext_lazy("E-mailadres")),
        Column("buurten", gettext_lazy("Buurten"), value=_buurten),
        Column("actief", gettext_lazy("Actief"), sort="actief", value=lambda o: _("ja") if o.actief else _("nee")),
    ]

    def get_base_queryset(self):
        return queries.partnerorganisaties(self.request.user)

    def get_filter_form_kwargs(self):
        return {"buurten": queries.eigen_buurten(self.request.user)}

    def row_url(self, obj):
        return reverse("buurtplan:organisatie", args=[obj.pk])


class OrganisatieNieuwView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "buurtplan.beheer_organisaties"
    template_name = "buurtplan/beheer/organisatie_nieuw.html"
    form_class = OrganisatieForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "buurten": queries.eigen_buurten(self.request.user)}

    def form_valid(self, form):
        try:
            organisatie = services.maak_organisatie(self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(naam)s is toegevoegd.") % {"naam": organisatie.naam})
        return redirect("buurtplan:organisatie", organisatie.pk)


class OrganisatieView(LoginRequiredMixin, FormView):
    """The organisation's details, its links to the user's buurten, the change form and its timeline."""

    template_name = "buurtplan/beheer/organisatie.html"
    form_class = OrganisatieForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisatie = _organisatie(request.user, kwargs["pk"])
        self.mag_wijzigen = request.user.has_perm("buurtplan.change_organisatie", self.organisatie)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "buurten": queries.eigen_buurten(self.request.user),
            "alleen_buurten": not self.mag_wijzigen,
        }

    def get_initial(self):
        o = self.organisatie
        return {
            "naam": o.naam,
            "soort": o.soort,
            "kvk_nummer": o.kvk_nummer,
            "email": o.email,
            "buurten": o.eigen_buurten,
        }

    def form_valid(self, form):
        try:
            services.wijzig_organisatie(self.request.user, self.organisatie, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De wijziging is opgeslagen."))
        return redirect("buurtplan:organisatie", self.organisatie.pk)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            organisatie=self.organisatie,
            mag_wijzigen=self.mag_wijzigen,
            reden_form=RedenForm(),
            tijdlijn=timeline(self.organisatie).filter(gemeente__in=user.gemeente_ids)[:50],
            **kwargs,
        )


class _OrganisatieActie(ActionView):
    form_class = RedenForm

    def get_object(self):
        return _organisatie(self.request.user, self.kwargs["pk"])

    def get_success_url(self, obj, result):
        return reverse("buurtplan:organisatie", args=[obj.pk])


class OrganisatieDeactiverenView(_OrganisatieActie):
    success_message = gettext_lazy("De organisatie is gedeactiveerd; zij is niet meer te kiezen in nieuwe stukken.")

    def perform(self, obj, form):
        return services.zet_organisatie_actief(self.request.user, obj, actief=False, reden=form.cleaned_data["reden"])


class OrganisatieActiverenView(_OrganisatieActie):
    success_message = gettext_lazy("De organisatie is weer actief.")

    def perform(self, obj, form):
        return services.zet_organisatie_actief(self.request.user, obj, actief=True, reden=form.cleaned_data["reden"])
