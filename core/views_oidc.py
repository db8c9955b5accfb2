"""The beheer pages for the identity providers of the administrator's gemeenten (core/oidc.py does the work)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from . import access, oidc
from .access import get_or_deny
from .actions import report_errors
from .forms_oidc import IdentityProviderForm
from .lists import Column, FilterForm, TableView
from .models import IdentityProvider
from .timeline import timeline


class IdentityProviderFilter(FilterForm):
    soort = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        required=False,
        choices=[("", gettext_lazy("Alle")), *IdentityProvider.Soort.choices],
    )

    def filter(self, queryset):
        soort = self.cleaned_data.get("soort")
        return queryset.filter(soort=soort) if soort else queryset


class IdentityProvidersView(TableView):
    permission_required = "core.manage_users"
    title = gettext_lazy("Inlogkoppelingen")
    intro = gettext_lazy(
        "Identity providers waarmee medewerkers van uw gemeente(n) en partners (via een eHerkenning-makelaar) inloggen."
    )
    template_name = "core/beheer/identity_providers.html"
    export_filename = "inlogkoppelingen"
    filter_form_class = IdentityProviderFilter
    default_sort = "naam"
    columns = [
        Column("naam", gettext_lazy("Naam"), sort="naam", link=True),
        Column("gemeente", gettext_lazy("Gemeente"), sort="gemeente__naam"),
        Column("soort", gettext_lazy("Soort"), sort="soort", value=lambda p: p.get_soort_display()),
        Column("issuer", gettext_lazy("Issuer"), sort="issuer"),
        Column("actief", gettext_lazy("Actief"), sort="actief", value=lambda p: _("ja") if p.actief else _("nee")),
    ]

    def get_base_queryset(self):
        return access.visible(IdentityProvider, self.request.user).select_related("gemeente")


class _ProviderFormView(LoginRequiredMixin, FormView):
    template_name = "core/beheer/identity_provider.html"
    form_class = IdentityProviderForm
    provider: IdentityProvider | None = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.provider}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            provider=self.provider,
            callback_url=self.request.build_absolute_uri(reverse("oidc_callback")),
            logout_url=self.request.build_absolute_uri(reverse("login")),
            tijdlijn=timeline(self.provider)[:50] if self.provider else [],
        )
        return context

    def form_valid(self, form):
        changed = [str(form.fields[name].label) for name in form.changed_data if name not in ("reden", "client_secret")]
        if form.cleaned_data.get("client_secret") and "client_secret" in form.changed_data:
            changed.append(_("client-secret"))
        try:
            provider = oidc.sla_provider_op(
                self.request.user, form.instance, wijzigingen=changed, reden=form.cleaned_data["reden"]
            )
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De inlogkoppeling %(naam)s is opgeslagen.") % {"naam": provider.naam})
        return redirect(provider.get_absolute_url())


class IdentityProviderNieuwView(PermissionRequiredMixin, _ProviderFormView):
    permission_required = "core.manage_users"


class IdentityProviderView(_ProviderFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.provider = get_or_deny(request.user, IdentityProvider, kwargs["pk"], "core.beheer_idp")
        return super().dispatch(request, *args, **kwargs)
