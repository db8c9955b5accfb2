"""The API key pages for applicatiebeheer: list, issue (the key is shown once), revoke."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from core.access import require
from core.actions import ActionView, report_errors
from core.lists import Column, TableView

from . import services
from .forms import IntrekkenForm, SleutelFilter, UitgevenForm
from .models import ApiSleutel


class SleutelsView(TableView):
    permission_required = "api.beheer_sleutels"
    title = gettext_lazy("API-sleutels")
    intro = gettext_lazy(
        "Sleutels waarmee partners declaraties indienen vanuit hun eigen administratie en waarmee het "
        "ERP van uw gemeente het grootboek ophaalt. Van een sleutel bewaren we alleen een hash; de "
        "prefix herkent u in de sleutel zelf."
    )
    template_name = "api/sleutels.html"
    export_filename = "api-sleutels"
    filter_form_class = SleutelFilter
    default_sort = "-uitgegeven_op"
    columns = [
        Column("prefix", gettext_lazy("Prefix"), sort="prefix"),
        Column("naam", gettext_lazy("Naam"), sort="naam"),
        Column("organisatie.naam", gettext_lazy("Organisatie"), sort="organisatie__naam"),
        Column("scopes", gettext_lazy("Scopes"), value=lambda k: ", ".join(k.scopes)),
        Column("uitgegeven_op", gettext_lazy("Uitgegeven op"), sort="uitgegeven_op"),
        Column("laatst_gebruikt_op", gettext_lazy("Laatst gebruikt"), sort="laatst_gebruikt_op"),
        Column(
            "ingetrokken_op",
            gettext_lazy("Status"),
            sort="ingetrokken_op",
            value=lambda k: _("actief") if k.actief else _("ingetrokken"),
        ),
    ]

    def get_base_queryset(self):
        return ApiSleutel.objects.visible_to(self.request.user).select_related("organisatie")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intrekken_form"] = IntrekkenForm(user=self.request.user)
        return context


class UitgevenView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "api.beheer_sleutels"
    template_name = "api/uitgeven.html"
    form_class = UitgevenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            api_sleutel, sleutel = services.geef_uit(self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        # Shown once, on this response (no redirect: the key is never stored or put in a URL).
        return render(self.request, "api/uitgegeven.html", {"api_sleutel": api_sleutel, "sleutel": sleutel})


class IntrekkenView(ActionView):
    form_class = IntrekkenForm

    def get_object(self):
        require(self.request.user, "api.beheer_sleutels")

    def get_form_kwargs(self, obj):
        return {"user": self.request.user}

    def perform(self, obj, form):
        return services.trek_in(self.request.user, form.cleaned_data["sleutel"], reden=form.cleaned_data["reden"])

    def get_success_message(self, obj, result):
        return _("Sleutel %(prefix)s… is ingetrokken; hij werkt vanaf nu niet meer.") % {"prefix": result.prefix}

    def get_success_url(self, obj, result):
        return reverse("api:sleutels")

    def get_failure_url(self, obj):
        return reverse("api:sleutels")
