"""The beheer pages: the users of the administrator's own gemeenten (core/beheer.py does the work)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from rules.contrib.views import PermissionRequiredMixin

from . import access, beheer, huisstijl, nav, roles, workflow
from .access import get_or_deny, require
from .actions import ActionView, report_errors
from .forms_beheer import BesluitForm, HuisstijlForm, RedenForm, RollenForm, UitnodigenForm
from .lists import Column, FilterForm, TableView
from .models import Gemeente, Huisstijl, RolVerzoek, User
from .timeline import timeline


def _rollen(user):
    return ", ".join(str(roles.ROLES.get(g.name, g.name)) for g in user.groups.all())


class GebruikerFilter(FilterForm):
    zoek = forms.CharField(label=gettext_lazy("Zoek op naam of e-mail"), required=False)

    def filter(self, queryset):
        zoek = self.cleaned_data.get("zoek")
        if zoek:
            queryset = queryset.filter(
                Q(email__icontains=zoek) | Q(first_name__icontains=zoek) | Q(last_name__icontains=zoek)
            )
        return queryset


class GebruikersView(TableView):
    permission_required = "core.manage_users"
    title = gettext_lazy("Gebruikers")
    empty_noun = gettext_lazy("gebruikers")
    intro = gettext_lazy("De medewerkers van uw gemeente(n). Nodig nieuwe collega's uit; niemand kent hun wachtwoord.")
    template_name = "core/beheer/gebruikers.html"
    export_filename = "gebruikers"
    filter_form_class = GebruikerFilter
    default_sort = "email"
    columns = [
        Column("email", gettext_lazy("E-mailadres"), sort="email", link=True),
        Column("naam", gettext_lazy("Naam"), sort="last_name", value=lambda u: u.get_full_name()),
        Column("rollen", gettext_lazy("Rollen"), value=_rollen),
        Column(
            "is_active", gettext_lazy("Actief"), sort="is_active", value=lambda u: _("ja") if u.is_active else _("nee")
        ),
        Column("last_login", gettext_lazy("Laatst ingelogd"), sort="last_login"),
    ]

    def get_base_queryset(self):
        return access.visible(User, self.request.user).prefetch_related("groups")


class GebruikerView(LoginRequiredMixin, TemplateView):
    template_name = "core/beheer/gebruiker.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        target = get_or_deny(
            user, User.objects.prefetch_related("groups", "gemeenten"), self.kwargs["pk"], "core.manage_users"
        )
        verzoeken = list(
            RolVerzoek.objects.visible_to(user).filter(gebruiker=target).select_related("aangevraagd_door")[:20]
        )
        for verzoek in verzoeken:
            verzoek.kan_beslissen = workflow.can(user, verzoek, "bevestig")
        context.update(
            doel=target,
            rollen=_rollen(target),
            mag_beheren=user.has_perm("core.beheer_gebruiker", target),
            is_zelf=target.pk == user.pk,
            rollen_form=RollenForm(initial={"rollen": [g.name for g in target.groups.all()]}),
            reden_form=RedenForm(),
            heeft_twee_factor=TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
            verzoeken=verzoeken,
            tijdlijn=timeline(target).filter(gemeente__in=user.gemeente_ids)[:50],
        )
        return context


class _GebruikerActie(ActionView):
    form_class = RedenForm

    def get_object(self):
        return get_or_deny(self.request.user, User, self.kwargs["pk"], "core.manage_users")

    def get_success_url(self, obj, result):
        return obj.get_absolute_url()


class RollenView(_GebruikerActie):
    form_class = RollenForm

    def perform(self, obj, form):
        return beheer.wijzig_rollen(self.request.user, obj, **form.cleaned_data)

    def get_success_message(self, obj, result):
        if result:
            return _(
                "De wijziging is vastgelegd. Financiën en applicatiebeheer wachten op bevestiging door een tweede beheerder."
            )
        return _("De rollen zijn gewijzigd.")


class DeactiveerView(_GebruikerActie):
    success_message = gettext_lazy("De gebruiker is gedeactiveerd en kan niet meer inloggen.")

    def perform(self, obj, form):
        return beheer.zet_actief(self.request.user, obj, actief=False, reden=form.cleaned_data["reden"])


class ActiveerView(_GebruikerActie):
    success_message = gettext_lazy("De gebruiker is weer actief.")

    def perform(self, obj, form):
        return beheer.zet_actief(self.request.user, obj, actief=True, reden=form.cleaned_data["reden"])


class ResetTweeFactorView(_GebruikerActie):
    success_message = gettext_lazy(
        "De tweestapsverificatie is hersteld: de gebruiker stelt bij de volgende keer inloggen een nieuwe authenticator-app in."
    )

    def perform(self, obj, form):
        return beheer.reset_twee_factor(self.request.user, obj, reden=form.cleaned_data["reden"])


class OntgrendelView(_GebruikerActie):
    success_message = gettext_lazy("De gebruiker kan weer inloggen.")

    def perform(self, obj, form):
        return beheer.ontgrendel(self.request.user, obj, reden=form.cleaned_data["reden"])


class RolVerzoekView(ActionView):
    form_class = BesluitForm

    def get_object(self):
        return get_or_deny(self.request.user, RolVerzoek, self.kwargs["pk"])

    def perform(self, obj, form):
        return beheer.beslis_rolverzoek(
            self.request.user,
            obj,
            bevestigd=form.cleaned_data["besluit"] == "bevestig",
            reden=form.cleaned_data["reden"],
        )

    def get_success_message(self, obj, result):
        if result.status == RolVerzoek.Status.BEVESTIGD:
            return _("De rol is toegekend.")
        return _("Het verzoek is afgewezen.")


class UitnodigenView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "core.manage_users"
    template_name = "core/beheer/uitnodigen.html"
    form_class = UitnodigenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            user = beheer.nodig_uit(self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(email)s heeft een uitnodiging per e-mail gekregen.") % {"email": user.email}
        )
        return redirect(user.get_absolute_url())


@never_cache
def uitnodiging(request, uidb64, token):
    """The one-time link of an invitation: choose a password, then enrol the authenticator app."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "core/beheer/uitnodiging_ongeldig.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="core.auth.PasswordBackend")
        messages.success(request, _("Uw wachtwoord is ingesteld. Stel nu uw authenticator-app in."))
        return redirect(f"{reverse('core:twee_factor')}?next={reverse('core:start')}")
    return render(request, "core/beheer/uitnodiging.html", {"form": form, "doel": user})


# Gemeente settings: house style, and links to the settings other apps keep -------------------


@login_required
def huisstijl_start(request):
    """The menu entry: the settings of the active gemeente."""
    require(request.user, "core.manage_users")
    if request.gemeente is None:
        raise PermissionDenied
    return redirect("core:beheer_gemeente_instellingen", pk=request.gemeente.pk)


class GemeenteInstellingenView(LoginRequiredMixin, FormView):
    template_name = "core/beheer/instellingen.html"
    form_class = HuisstijlForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.gemeente = get_or_deny(request.user, Gemeente, kwargs["pk"], "core.beheer_huisstijl")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        stijl = Huisstijl.objects.filter(gemeente_id=self.gemeente.pk).first()
        return {"primaire_kleur": stijl.primaire_kleur if stijl else ""}

    def form_valid(self, form):
        try:
            huisstijl.wijzig(self.request.user, self.gemeente, **form.cleaned_data)
        except ValidationError as exc:
            report_errors(self.request, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De huisstijl van %(gemeente)s is opgeslagen.") % {"gemeente": self.gemeente})
        return redirect("core:beheer_gemeente_instellingen", pk=self.gemeente.pk)

    def get_context_data(self, **kwargs):
        user = self.request.user
        instellingen = [
            {"item": i.item, "url": i.item.url if i.item.visible_for(user) else None, "beheerd_door": i.beheerd_door}
            for i in nav.collect_instellingen()
        ]
        return super().get_context_data(
            gemeente=self.gemeente,
            stijl=huisstijl.weergave(self.gemeente, getattr(self.request, "gemeente", None)),
            instellingen=instellingen,
            tijdlijn=timeline(self.gemeente).filter(actie__in=[_("primaire kleur gewijzigd"), _("logo gewijzigd")])[
                :50
            ],
            **kwargs,
        )
