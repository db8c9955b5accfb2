"""The pages of landelijk beheer: national data, the same for every gemeente (core/landelijk.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from . import landelijk, roles
from .access import require
from .actions import ActionView, report_errors
from .forms_beheer import RedenForm
from .lists import Column, FilterForm, TableView
from .models import HerinneringRegel
from .reminders import sources
from .timeline import timeline


class HerinneringRegelFilter(FilterForm):
    actief = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Alle")), ("ja", gettext_lazy("Actief")), ("nee", gettext_lazy("Uitgeschakeld"))],
    )
    rol = forms.ChoiceField(
        label=gettext_lazy("Ontvangende rol"),
        required=False,
        choices=[("", gettext_lazy("Alle")), *roles.ROLES.items()],
    )

    def filter(self, queryset):
        if self.cleaned_data.get("actief"):
            queryset = queryset.filter(actief=self.cleaned_data["actief"] == "ja")
        if self.cleaned_data.get("rol"):
            queryset = queryset.filter(rol=self.cleaned_data["rol"])
        return queryset


class HerinneringRegelsView(TableView):
    permission_required = "core.beheer_landelijk"
    title = gettext_lazy("Herinneringsregels")
    intro = gettext_lazy(
        "Landelijke regels: voor elke gemeente dezelfde. Ze bepalen wie hoeveel dagen vóór (of na) een deadline "
        "een herinnering krijgt."
    )
    export_filename = "herinneringsregels"
    filter_form_class = HerinneringRegelFilter
    default_sort = "soort"
    columns = [
        Column("naam", gettext_lazy("Naam"), sort="naam", link=True),
        Column("soort", gettext_lazy("Deadline"), sort="soort", value=lambda r: _soort_label(r.soort)),
        Column("dagen_voor", gettext_lazy("Dagen ervoor"), sort="dagen_voor"),
        Column("rol", gettext_lazy("Ontvangende rol"), sort="rol", value=lambda r: r.get_rol_display()),
        Column("actief", gettext_lazy("Actief"), sort="actief", value=lambda r: _("ja") if r.actief else _("nee")),
    ]

    def get_base_queryset(self):
        return HerinneringRegel.objects.all()

    def row_url(self, obj):
        return reverse("core:landelijk_herinnering", args=[obj.pk])


def _soort_label(soort):
    return dict(sources.choices()).get(soort, soort)


class HerinneringRegelForm(RedenForm):
    naam = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    soort = forms.ChoiceField(label=gettext_lazy("Deadline"))
    dagen_voor = forms.IntegerField(
        label=gettext_lazy("Dagen ervoor"),
        min_value=-365,
        max_value=365,
        help_text=gettext_lazy("Aantal dagen vóór de deadline; negatief voor ná de deadline."),
    )
    rol = forms.ChoiceField(label=gettext_lazy("Ontvangende rol"), choices=list(roles.ROLES.items()))
    field_order = ["naam", "soort", "dagen_voor", "rol", "reden"]

    def __init__(self, *args, huidige_soort="", **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = list(sources.choices())
        if huidige_soort and huidige_soort not in dict(keuzes):
            keuzes.append((huidige_soort, huidige_soort))
        self.fields["soort"].choices = keuzes


class HerinneringRegelView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "core.beheer_landelijk"
    template_name = "core/landelijk/herinnering.html"
    form_class = HerinneringRegelForm

    def dispatch(self, request, *args, **kwargs):
        self.regel = get_object_or_404(HerinneringRegel, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "huidige_soort": self.regel.soort}

    def get_initial(self):
        r = self.regel
        return {"naam": r.naam, "soort": r.soort, "dagen_voor": r.dagen_voor, "rol": r.rol}

    def form_valid(self, form):
        try:
            landelijk.wijzig_herinneringregel(self.request.user, self.regel, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De herinneringsregel is opgeslagen."))
        return redirect("core:landelijk_herinnering", self.regel.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            regel=self.regel, reden_form=RedenForm(), tijdlijn=timeline(self.regel)[:50], **kwargs
        )


class _RegelActie(ActionView):
    form_class = RedenForm

    def get_object(self):
        require(self.request.user, "core.beheer_landelijk")
        return get_object_or_404(HerinneringRegel, pk=self.kwargs["pk"])

    def get_success_url(self, obj, result):
        return reverse("core:landelijk_herinnering", args=[obj.pk])


class HerinneringRegelUitView(_RegelActie):
    success_message = gettext_lazy("De herinneringsregel is uitgeschakeld.")

    def perform(self, obj, form):
        return landelijk.zet_herinneringregel_actief(
            self.request.user, obj, actief=False, reden=form.cleaned_data["reden"]
        )


class HerinneringRegelAanView(_RegelActie):
    success_message = gettext_lazy("De herinneringsregel is weer actief.")

    def perform(self, obj, form):
        return landelijk.zet_herinneringregel_actief(
            self.request.user, obj, actief=True, reden=form.cleaned_data["reden"]
        )
