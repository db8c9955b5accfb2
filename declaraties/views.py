"""Thin views: fetch the object through the access layer (404 outside scope, 403 without the
permission), call one service, report the result in Dutch."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core import workflow
from core.access import get_or_deny, require
from core.actions import ActionView, report_errors, safe_next
from core.documents import allow_same_origin_framing, private_response, serve_private
from core.lists import Column, TableView
from core.money import format_bedrag
from core.xlsx import csv_value
from core.zoekkeuze import render_resultaten
from grootboek import api as grootboek_api

from . import queries, services
from .forms import (
    BerichtForm,
    BetaalrunFilter,
    BetalingenFilter,
    BetalingForm,
    DeclaratieForm,
    DrempelForm,
    InstellingWijzigingFilter,
    PartnerFilter,
    RedenForm,
    StornoForm,
    ToekenningForm,
    WerkvoorraadFilter,
)
from .models import Bijlage, Declaratie, InstellingWijziging
from .pdf import declaratie_pdf


def _declaratie(request, pk, perm="declaraties.view_declaratie"):
    return get_or_deny(request.user, queries.declaratie_pagina(request.user), pk, perm)


def _gekozen_ids(request):
    return [int(i) for i in request.POST.getlist("ids") if i.isdigit()]


class _AsMessage:
    """For pages whose service refuses with PermissionDenied for business reasons (four eyes, a
    foreign declaration in a selection): after the page-level permission passed, such a refusal is
    a message on the page, not an error page."""

    def perform(self, obj, form):
        try:
            return self.perform_service(obj, form)
        except PermissionDenied as exc:
            raise ValidationError(str(exc) or _("U mag dit niet doen.")) from exc


# ---------------------------------------------------------------------------------------------
# Partner portal
# ---------------------------------------------------------------------------------------------


class PortaalView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "declaraties/portaal.html"
    permission_required = "declaraties.view_portaal"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisatie = self.request.user.organisatie
        context["overzicht"] = queries.portaal_overzicht(organisatie)
        context.update(queries.portaal_lijsten(organisatie))
        return context


class MijnDeclaratiesView(TableView):
    permission_required = "declaraties.view_portaal"
    title = gettext_lazy("Mijn declaraties")
    empty_noun = gettext_lazy("declaraties")
    export_filename = "mijn-declaraties"
    default_sort = "-aangemaakt_op"
    filter_form_class = PartnerFilter
    template_name = "declaraties/mijn_declaraties.html"
    columns = [
        Column("nummer_of_concept", gettext_lazy("Nummer"), sort="nummer", link=True, value=lambda d: str(d)),
        Column("buurt.naam", gettext_lazy("Buurt"), sort="buurt__naam"),
        Column("activiteit", gettext_lazy("Activiteit"), value=lambda d: d.begrotingsregel.activiteit.naam),
        Column("bestedingsjaar", gettext_lazy("Jaar"), sort="bestedingsjaar"),
        Column("factuurnummer", gettext_lazy("Factuurnummer"), sort="factuurnummer"),
        Column("bedrag", gettext_lazy("Bedrag"), sort="bedrag", money=True),
        Column("partner_status", gettext_lazy("Status"), sort="status", value=lambda d: str(d.partner_status)),
        Column("aangemaakt_op", gettext_lazy("Aangemaakt op"), sort="aangemaakt_op"),
    ]

    def get_base_queryset(self):
        return queries.mijn_declaraties(self.request.user)


def _regels_voor_form(user, declaratie=None):
    regels = queries.partner_regels(user.organisatie)
    if declaratie is not None and declaratie.begrotingsregel_id not in {r.pk for r in regels}:
        regels.append(declaratie.begrotingsregel)
    return regels


def _add_errors(form, fouten):
    """Put the service's Dutch errors on the form, at their field where the form has it. A field the
    form itself already found wrong keeps only the form's message (the more precise one)."""
    for veld, teksten in fouten.items():
        if veld in form.fields and veld in form.errors:
            continue
        form.add_error(veld if veld in form.fields else None, teksten)


@login_required
def declaratie_form(request, pk=None):
    """New declaration or edit a concept / a declaration with a change request.

    "Bewaren als concept" keeps whatever is valid; "Indienen" keeps it too and then submits, in one
    service call. On any error the page comes back with everything typed (and the attachments
    already saved)."""
    user = request.user
    declaratie = None
    if pk is not None:
        declaratie = _declaratie(request, pk, "declaraties.change_declaratie")
    require(user, "declaraties.view_portaal")
    regels = _regels_voor_form(user, declaratie)
    if request.method == "POST":
        form = DeclaratieForm(request.POST, request.FILES, regels=regels)
        form.is_valid()
        indienen = "indienen" in request.POST
        invoer = services.bewaar_en_dien_in(
            user,
            declaratie,
            form.concept_velden(),
            getattr(form, "geldige_bijlagen", []),
            indienen=indienen and not form.errors,
            # An invalid field must not hide what else keeps the submission back: all errors at once.
            controleer=indienen and bool(form.errors),
        )
        declaratie = invoer.declaratie
        _add_errors(form, invoer.fouten)
        if invoer.ingediend:
            messages.success(
                request,
                _("Declaratie %(nr)s is ingediend. U krijgt bericht zodra zij is beoordeeld.")
                % {"nr": declaratie.nummer},
            )
            return redirect(declaratie.get_absolute_url())
        if declaratie is not None and not form.errors:
            messages.success(request, _("Uw declaratie is als concept bewaard."))
            return redirect("declaraties:bewerken", pk=declaratie.pk)
        if declaratie is not None:
            messages.info(request, _("Wat u heeft ingevuld is bewaard als concept. Los de gemarkeerde punten op."))
    else:
        initial = {}
        if declaratie is not None:
            initial = {
                "begrotingsregel": declaratie.begrotingsregel_id,
                "periode_van": declaratie.periode_van,
                "periode_tot": declaratie.periode_tot,
                "bedrag": declaratie.bedrag,
                "uren": declaratie.uren,
                "omschrijving": declaratie.omschrijving,
                "factuurnummer": declaratie.factuurnummer,
                "niet_elders_gefinancierd": declaratie.niet_elders_gefinancierd,
            }
        elif request.GET.get("regel"):
            initial["begrotingsregel"] = request.GET["regel"]
        form = DeclaratieForm(initial=initial, regels=regels)
    action = (
        reverse("declaraties:bewerken", args=[declaratie.pk])
        if declaratie is not None
        else reverse("declaraties:nieuw")
    )
    return render(
        request,
        "declaraties/form.html",
        {
            "form": form,
            "declaratie": declaratie,
            "action": action,
            "bijlagen": list(declaratie.bijlagen.all()) if declaratie is not None else [],
            "geen_regels": not regels,
        },
    )


class BijlageVerwijderenView(ActionView):
    def get_object(self):
        declaratie = _declaratie(self.request, self.kwargs["pk"], "declaraties.change_declaratie")
        return get_object_or_404(declaratie.bijlagen, pk=self.kwargs["bijlage_pk"])

    def perform(self, bijlage, form):
        services.verwijder_bijlage(self.request.user, bijlage)

    def get_success_message(self, bijlage, result):
        return _("Bijlage ‘%(naam)s’ is verwijderd.") % {"naam": bijlage.naam}

    def get_success_url(self, bijlage, result):
        return reverse("declaraties:bewerken", args=[bijlage.declaratie_id])

    def get_failure_url(self, bijlage):
        return self.get_success_url(bijlage, None)


@login_required
def bijlage(request, pk, bijlage_pk):
    """Serve an attachment only to who may see the declaration (404 otherwise).

    `?weergave=inline` serves it for the preview on the declaration page: inline, and for this one
    response framing by our own pages is allowed (CSP frame-ancestors 'self', X-Frame-Options
    SAMEORIGIN); every other response stays unframeable. No-store and nosniff as always."""
    item = get_or_deny(request.user, Bijlage.objects.filter(declaratie_id=pk), bijlage_pk)
    inline = request.GET.get("weergave") == "inline"
    try:
        response = serve_private(request, item, "declaraties.view_bijlage", inline=inline)
    except FileNotFoundError as exc:
        raise Http404 from exc
    if inline:
        allow_same_origin_framing(response)
    return response


class BerichtView(ActionView):
    """Post a message on the declaration's thread (finance ↔ partner)."""

    form_class = BerichtForm
    success_message = gettext_lazy("Uw bericht is geplaatst.")

    def get_object(self):
        return _declaratie(self.request, self.kwargs["pk"], "declaraties.plaats_bericht")

    def perform(self, declaratie, form):
        return services.plaats_bericht(self.request.user, declaratie, form.cleaned_data["tekst"])

    def get_success_url(self, declaratie, bericht):
        return bericht.get_absolute_url()

    def get_failure_url(self, declaratie):
        return declaratie.get_absolute_url() + "#berichten"


class ToewijzingView(ActionView):
    """ "Ik pak dit op" (actie=oppakken) or release (actie=vrijgeven)."""

    def get_object(self):
        return _declaratie(self.request, self.kwargs["pk"], "declaraties.view_declaratie")

    def perform(self, declaratie, form):
        actie = self.request.POST.get("actie")
        if actie == "oppakken":
            return services.pak_op(self.request.user, declaratie)
        if actie == "vrijgeven":
            return services.geef_vrij(self.request.user, declaratie)
        raise ValidationError(_("Onbekende actie."))

    def get_success_message(self, declaratie, result):
        if result.in_behandeling_bij_id == self.request.user.pk:
            return _("U heeft declaratie %(nr)s in behandeling.") % {"nr": result.nummer}
        return _("Declaratie %(nr)s is vrijgegeven.") % {"nr": result.nummer}

    def get_success_url(self, declaratie, result):
        return safe_next(self.request, self.request.POST.get("terug"), result.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# Detail (partner and staff) and PDF
# ---------------------------------------------------------------------------------------------


@login_required
def detail(request, pk):
    declaratie = _declaratie(request, pk)
    user = request.user
    journaalpost = None
    journaalregels = []
    # The declaratie is already scoped to the user's gemeente; the ledger itself is for finance and controle.
    mag_grootboek_zien = user.has_perm("grootboek.view_grootboek")
    if declaratie.journaalpost_id and mag_grootboek_zien:
        journaalpost = declaratie.journaalpost
        journaalregels = list(grootboek_api.regels_van_post(journaalpost))
    betaling = declaratie.betaling
    is_partner_view = user.has_perm("declaraties.view_als_partner", declaratie)
    context = {
        "declaratie": declaratie,
        "is_partner_view": is_partner_view,
        "bijlagen": list(declaratie.bijlagen.all()),
        "berichten": list(queries.berichten(declaratie)),
        "kan_bericht_plaatsen": user.has_perm("declaraties.plaats_bericht", declaratie),
        "bericht_form": BerichtForm(),
        "kan_oppakken": user.has_perm("declaraties.pak_op", declaratie),
        "kan_vrijgeven": user.has_perm("declaraties.geef_vrij", declaratie),
        "tijdlijn": queries.tijdlijn(declaratie, partner=is_partner_view),
        "beoordelingen": list(declaratie.beoordelingen.select_related("beoordelaar")),
        "journaalpost": journaalpost,
        "journaalpost_url": grootboek_api.journaalpost_url(journaalpost) if journaalpost else None,
        "journaalregels": journaalregels,
        "betaling": betaling,
        "betaling_post": betaling.journaalpost if betaling and mag_grootboek_zien else None,
        "kan_bewerken": user.has_perm("declaraties.change_declaratie", declaratie),
        "kan_storneren": workflow.can(user, declaratie, "storneren"),
        "storno_post": declaratie.storno_journaalpost if mag_grootboek_zien else None,
        "vordering_post": declaratie.vordering_journaalpost if mag_grootboek_zien else None,
        "kan_betaling_zien": betaling is not None and user.has_perm("declaraties.view_betaling", betaling),
        # Every review action has the same sources and permission; asking one answers for all.
        "kan_beoordelen": workflow.can(user, declaratie, "wijziging_vragen"),
        "reden_form": RedenForm(),
        "zelf_ingediend": user.pk in (declaratie.ingediend_door_id, declaratie.aangemaakt_door_id),
        "al_goedgekeurd": queries.al_goedgekeurd_door(declaratie, user),
    }
    if user.has_perm("declaraties.view_budgetcontrole", declaratie):
        context["budget"] = queries.budgetcontrole(declaratie)
    return render(request, "declaraties/detail.html", context)


class BeoordeelView(_AsMessage, ActionView):
    """Approve, ask for a change or reject one declaration (the buttons on its detail page)."""

    def get_object(self):
        return _declaratie(self.request, self.kwargs["pk"], "declaraties.beoordeel")

    def perform_service(self, declaratie, form):
        actie = self.request.POST.get("actie")
        reden = self.request.POST.get("reden", "")
        user = self.request.user
        if actie == "goedkeuren":
            return services.keur_goed(user, declaratie)
        if actie == "wijziging":
            return services.vraag_wijziging(user, declaratie, reden)
        if actie == "afwijzen":
            return services.wijs_af(user, declaratie, reden)
        raise ValidationError(_("Onbekende actie."))

    def get_success_message(self, declaratie, result):
        nr = result.nummer
        if result.status == Declaratie.Status.GEBOEKT:
            return _("Declaratie %(nr)s is goedgekeurd en geboekt (journaalpost %(post)s).") % {
                "nr": nr,
                "post": result.journaalpost.stuknummer,
            }
        if result.status == Declaratie.Status.GOEDGEKEURD:
            return _(
                "Eerste goedkeuring vastgelegd. Een tweede medewerker van Financiën moet declaratie %(nr)s nog "
                "goedkeuren."
            ) % {"nr": nr}
        if result.status == Declaratie.Status.WIJZIGING_GEVRAAGD:
            return _("De partner is gevraagd declaratie %(nr)s aan te passen.") % {"nr": nr}
        return _("Declaratie %(nr)s is afgewezen.") % {"nr": nr}

    def get_failure_url(self, declaratie):
        return declaratie.get_absolute_url()


@login_required
def pdf(request, pk):
    declaratie = _declaratie(request, pk)
    response = HttpResponse(declaratie_pdf(declaratie), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="declaratie-{declaratie.nummer or declaratie.pk}.pdf"'
    return private_response(response)


# ---------------------------------------------------------------------------------------------
# Finance: work list, batch approval, payments
# ---------------------------------------------------------------------------------------------


class WerkvoorraadView(TableView):
    permission_required = "declaraties.view_werkvoorraad"
    title = gettext_lazy("Declaraties – werkvoorraad")
    empty_noun = gettext_lazy("declaraties")
    intro = gettext_lazy("Ingediende declaraties van partners.")
    intro_goedkeuren = gettext_lazy(
        "Selecteer declaraties om ze in één keer goed te keuren; "
        "dezelfde regels gelden als bij één declaratie (vier ogen, budget en plafond)."
    )
    export_filename = "declaraties"
    default_sort = "-ingediend_op"
    filter_form_class = WerkvoorraadFilter
    template_name = "declaraties/werkvoorraad.html"
    columns = [
        Column("nummer", gettext_lazy("Nummer"), sort="nummer", link=True),
        Column("partner.naam", gettext_lazy("Partner"), sort="partner__naam"),
        Column("buurt.naam", gettext_lazy("Buurt"), sort="buurt__naam"),
        Column("activiteit", gettext_lazy("Activiteit"), value=lambda d: d.begrotingsregel.activiteit.naam),
        Column("bestedingsjaar", gettext_lazy("Jaar"), sort="bestedingsjaar"),
        Column("factuurnummer", gettext_lazy("Factuurnummer")),
        Column("bedrag", gettext_lazy("Bedrag"), sort="bedrag", money=True),
        Column("status", gettext_lazy("Status"), sort="status", value=lambda d: str(d.get_status_display())),
        Column("ingediend_op", gettext_lazy("Ingediend op"), sort="ingediend_op"),
        Column(
            "in_behandeling_bij",
            gettext_lazy("In behandeling bij"),
            sort="in_behandeling_bij__last_name",
            value=lambda d: str(d.in_behandeling_bij) if d.in_behandeling_bij_id else "",
        ),
    ]

    def get_filter_form_kwargs(self):
        return {"user": self.request.user}

    def get_filter_form(self):
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = "te_beoordelen"
        return self.filter_form_class(data, **self.get_filter_form_kwargs())

    def get_base_queryset(self):
        return queries.werkvoorraad_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kan_goedkeuren"] = self.request.user.has_perm("declaraties.beoordeel_lijst")
        context["kan_instellingen_zien"] = self.request.user.has_perm("declaraties.view_instellingen")
        for row in context["rows"]:
            row["selectable"] = row["object"].status in Declaratie.IN_BEHANDELING
        return context


class BatchGoedkeurenView(ActionView):
    """Approve the selected declarations of the work list, each through `services.keur_goed`."""

    def get_object(self):
        require(self.request.user, "declaraties.beoordeel_lijst")
        return None

    def perform(self, obj, form):
        gekozen = queries.gekozen(self.request.user, _gekozen_ids(self.request))
        return services.keur_goed_batch(self.request.user, gekozen)

    def get_success_message(self, obj, resultaten):
        for _d, ok, bericht in resultaten:
            (messages.success if ok else messages.error)(self.request, bericht)
        return ""

    def get_success_url(self, obj, result):
        return safe_next(self.request, self.request.POST.get("terug"), reverse("declaraties:werkvoorraad"))

    def get_failure_url(self, obj):
        return self.get_success_url(obj, None)


class DrempelView(ActionView):
    """Propose new declaration settings; a different finance officer confirms on the settings page."""

    form_class = DrempelForm

    def get_object(self):
        require(self.request.user, "declaraties.stel_drempel_in_pagina")
        return None

    def get_form_kwargs(self, obj):
        return {"user": self.request.user}

    def perform(self, obj, form):
        data = form.cleaned_data
        return services.stel_instelling_voor(
            self.request.user,
            data["gemeente"],
            drempel=data["drempel"],
            scheiding_goedkeuren_betalen=data["scheiding_goedkeuren_betalen"],
            toelichting=data["toelichting"],
        )

    def get_success_message(self, obj, wijziging):
        return _(
            "Uw voorstel (drempel %(drempel)s) is vastgelegd. Het gaat in zodra een andere medewerker van Financiën "
            "het bevestigt."
        ) % {"drempel": format_bedrag(wijziging.vier_ogen_drempel)}

    def get_success_url(self, obj, result):
        return reverse("declaraties:instellingen")

    def get_failure_url(self, obj):
        return reverse("declaraties:instellingen")


class InstellingenView(TableView):
    """The declaration settings per gemeente and every proposed change (who proposed, who confirmed)."""

    permission_required = "declaraties.view_instellingen"
    title = gettext_lazy("Instellingen declaraties")
    empty_noun = gettext_lazy("voorgestelde wijzigingen van de instellingen")
    intro = gettext_lazy(
        "De drempel voor een tweede goedkeuring en de functiescheiding tussen goedkeuren en betalen. Een wijziging "
        "wordt voorgesteld door één medewerker van Financiën en gaat pas in als een andere medewerker haar bevestigt."
    )
    export_filename = "instellingen-declaraties"
    default_sort = "-voorgesteld_op"
    filter_form_class = InstellingWijzigingFilter
    template_name = "declaraties/instellingen.html"
    columns = [
        Column("gemeente.naam", gettext_lazy("Gemeente"), sort="gemeente__naam"),
        Column("vier_ogen_drempel", gettext_lazy("Voorgestelde drempel"), sort="vier_ogen_drempel", money=True),
        Column("oude_drempel", gettext_lazy("Drempel daarvoor"), money=True),
        Column(
            "scheiding",
            gettext_lazy("Functiescheiding"),
            value=lambda w: _("ja") if w.scheiding_goedkeuren_betalen else _("nee"),
        ),
        Column("toelichting", gettext_lazy("Toelichting")),
        Column("voorgesteld_door", gettext_lazy("Voorgesteld door"), value=lambda w: str(w.voorgesteld_door)),
        Column("voorgesteld_op", gettext_lazy("Voorgesteld op"), sort="voorgesteld_op"),
        Column(
            "beoordeeld_door",
            gettext_lazy("Bevestigd/afgewezen door"),
            value=lambda w: str(w.beoordeeld_door) if w.beoordeeld_door_id else None,
        ),
        Column("status", gettext_lazy("Status"), sort="status", value=lambda w: str(w.get_status_display())),
    ]

    def get_base_queryset(self):
        return queries.instelling_wijzigingen(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["huidig"] = queries.huidige_instellingen(user)
        context["open_voorstellen"] = [
            {
                "wijziging": w,
                "kan_bevestigen": workflow.can(user, w, "bevestigen"),
                "kan_afwijzen": workflow.can(user, w, "afwijzen"),
                "eigen": w.voorgesteld_door_id == user.pk,
            }
            for w in queries.open_voorstellen(user)
        ]
        if user.has_perm("declaraties.stel_drempel_in_pagina"):
            context["drempel_form"] = DrempelForm(user=user)
        return context


class InstellingBeoordeelView(_AsMessage, ActionView):
    """Confirm (another finance officer) or reject / withdraw a proposed settings change."""

    def get_object(self):
        return get_or_deny(
            self.request.user, InstellingWijziging, self.kwargs["pk"], "declaraties.beoordeel_instelling"
        )

    def perform_service(self, wijziging, form):
        if self.request.POST.get("actie") == "bevestigen":
            return services.bevestig_instelling(self.request.user, wijziging)
        return services.wijs_instelling_af(self.request.user, wijziging, self.request.POST.get("reden", ""))

    def get_success_message(self, wijziging, result):
        if self.request.POST.get("actie") == "bevestigen":
            return _("De wijziging is bevestigd: de drempel in %(gemeente)s is nu %(drempel)s.") % {
                "gemeente": result.gemeente,
                "drempel": format_bedrag(result.vier_ogen_drempel),
            }
        return _("Het voorstel is afgewezen; de instellingen blijven zoals ze waren.")

    def get_success_url(self, obj, result):
        return reverse("declaraties:instellingen")

    def get_failure_url(self, obj):
        return reverse("declaraties:instellingen")


class _BevestigdeActie(ActionView):
    """A correction with a confirmation step: GET shows what will happen and asks for the reason,
    POST runs the one service call."""

    http_method_names = ["get", "post"]
    form_class = StornoForm
    confirm_template = ""
    transitie = ""

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        if not workflow.can(request.user, obj, self.transitie):
            try:
                workflow.check(request.user, obj, self.transitie)
            except ValidationError as exc:
                report_errors(request, exc)
            return redirect(obj.get_absolute_url())
        return render(request, self.confirm_template, {"object": obj, "form": StornoForm(), **self.extra_context(obj)})

    def extra_context(self, obj):
        return {}


class StornoView(_BevestigdeActie):
    """Storno (credit note) of a booked or paid declaration, after a confirmation page."""

    confirm_template = "declaraties/storno_bevestigen.html"
    transitie = "storneren"

    def get_object(self):
        return _declaratie(self.request, self.kwargs["pk"], "declaraties.storneer")

    def extra_context(self, declaratie):
        return {"declaratie": declaratie, "al_betaald": declaratie.status == Declaratie.Status.BETAALD}

    def perform(self, declaratie, form):
        return services.storneer(self.request.user, declaratie, reden=form.cleaned_data["reden"])

    def get_success_message(self, declaratie, result):
        if result.vordering_journaalpost_id:
            return _(
                "Declaratie %(nr)s is gestorneerd (tegenboeking %(tb)s) en er is een vordering van %(b)s op de partner "
                "geboekt (%(v)s)."
            ) % {
                "nr": result.nummer,
                "tb": result.storno_journaalpost.stuknummer,
                "b": format_bedrag(result.bedrag),
                "v": result.vordering_journaalpost.stuknummer,
            }
        return _("Declaratie %(nr)s is gestorneerd (tegenboeking %(tb)s).") % {
            "nr": result.nummer,
            "tb": result.storno_journaalpost.stuknummer,
        }


class BetaalrunsView(TableView):
    """Registered payment runs, to find one and open it (and, if needed, reverse it)."""

    permission_required = "declaraties.view_betalingen"
    title = gettext_lazy("Geregistreerde betalingen")
    empty_noun = gettext_lazy("betalingen")
    export_filename = "betalingen"
    default_sort = "-betaaldatum"
    filter_form_class = BetaalrunFilter
    columns = [
        Column("betaaldatum", gettext_lazy("Betaaldatum"), sort="betaaldatum", link=True),
        Column("referentie", gettext_lazy("Betalingskenmerk"), sort="referentie"),
        Column("gemeente.naam", gettext_lazy("Gemeente")),
        Column("totaal", gettext_lazy("Totaal"), sort="totaal", money=True),
        Column(
            "boeking", gettext_lazy("Boeking"), value=lambda b: b.journaalpost.stuknummer if b.journaalpost_id else None
        ),
        Column("status", gettext_lazy("Status"), sort="status", value=lambda b: str(b.get_status_display())),
    ]

    def get_base_queryset(self):
        return queries.betaalruns_queryset(self.request.user)


@login_required
def betaling_detail(request, pk):
    betaling = get_or_deny(request.user, queries.betaling_pagina(request.user), pk, "declaraties.view_betaling")
    return render(
        request,
        "declaraties/betaling.html",
        {
            "betaling": betaling,
            **queries.betaling_details(betaling),
            "kan_storneren": workflow.can(request.user, betaling, "storneren"),
        },
    )


class BetalingStornoView(_BevestigdeActie):
    """Storno of a registered payment: its entry is reversed, its declarations go back to geboekt."""

    confirm_template = "declaraties/betaling_storno_bevestigen.html"
    transitie = "storneren"

    def get_object(self):
        return get_or_deny(
            self.request.user,
            queries.betaling_pagina(self.request.user),
            self.kwargs["pk"],
            "declaraties.storneer_betaling",
        )

    def extra_context(self, betaling):
        return {"betaling": betaling, **queries.betaling_details(betaling)}

    def perform(self, betaling, form):
        return services.storneer_betaling(self.request.user, betaling, reden=form.cleaned_data["reden"])

    def get_success_message(self, betaling, result):
        return _(
            "De betaling is gestorneerd (tegenboeking %(tb)s); haar declaraties staan weer op ‘goedgekeurd en geboekt’."
        ) % {"tb": result.storno_journaalpost.stuknummer}


class BetalingenView(TableView):
    permission_required = "declaraties.view_betalingen"
    title = gettext_lazy("Betalingen")
    empty_noun = gettext_lazy("betalingen")
    intro = gettext_lazy(
        "Goedgekeurde en geboekte declaraties die nog betaald moeten worden. Exporteer de betaallijst "
        "voor het ERP-systeem."
    )
    intro_betalen = gettext_lazy("Registreer daarna de betaling (boekt Crediteuren / Bank).")
    export_filename = "betaallijst"
    default_sort = "nummer"
    filter_form_class = BetalingenFilter
    template_name = "declaraties/betalingen.html"
    columns = [
        Column("nummer", gettext_lazy("Declaratie"), sort="nummer", link=True),
        Column("partner.naam", gettext_lazy("Crediteur"), sort="partner__naam"),
        Column("partner.kvk_nummer", gettext_lazy("KvK-nummer")),
        Column("factuurnummer", gettext_lazy("Factuurnummer"), sort="factuurnummer"),
        Column("bedrag", gettext_lazy("Bedrag"), sort="bedrag", money=True),
        Column("bestedingsjaar", gettext_lazy("Bestedingsjaar"), sort="bestedingsjaar"),
        Column(
            "boeking", gettext_lazy("Boeking"), value=lambda d: d.journaalpost.stuknummer if d.journaalpost_id else None
        ),
        Column("status", gettext_lazy("Status"), sort="status", value=lambda d: str(d.get_status_display())),
        Column(
            "betaaldatum",
            gettext_lazy("Betaaldatum"),
            value=lambda d: d.betaling.betaaldatum if d.betaling_id else None,
        ),
        Column(
            "kenmerk",
            gettext_lazy("Betalingskenmerk"),
            value=lambda d: d.betaling.referentie if d.betaling_id else None,
        ),
    ]

    def get_base_queryset(self):
        return queries.betalingen_queryset(self.request.user)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def export_csv(self):
        """Semicolon CSV with decimal comma (Dutch ERP imports)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([str(c.label) for c in self.columns])
        for obj in self.get_queryset():
            row = []
            for column in self.columns:
                value = column.get(obj)
                if column.money and value is not None:
                    value = format_bedrag(value, symbol=False).replace(".", "")
                elif hasattr(value, "strftime"):
                    value = value.strftime("%d-%m-%Y")
                else:
                    value = csv_value(value)
                row.append("" if value is None else value)
            writer.writerow(row)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="betaallijst.csv"'
        return private_response(response)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["betaling_form"] = kwargs.get("betaling_form") or BetalingForm()
        context["kan_betalen"] = self.request.user.has_perm("declaraties.registreer_betaling")
        for row in context["rows"]:
            row["selectable"] = row["object"].status == Declaratie.Status.GEBOEKT
        csv_query = self.request.GET.copy()
        csv_query["format"] = "csv"
        csv_query.pop("page", None)
        context["csv_query"] = csv_query.urlencode()
        return context


class BetalingRegistrerenView(_AsMessage, ActionView):
    """Register the payment of the selected booked declarations (one service call, all or nothing)."""

    form_class = BetalingForm

    def get_object(self):
        require(self.request.user, "declaraties.registreer_betaling")
        return None

    def perform_service(self, obj, form):
        gekozen = queries.gekozen(self.request.user, _gekozen_ids(self.request))
        return services.registreer_betaling(
            self.request.user, gekozen, form.cleaned_data["betaaldatum"], form.cleaned_data["referentie"]
        )

    def get_success_message(self, obj, betalingen):
        for betaling in betalingen:
            messages.success(
                self.request,
                _("Betaling van %(n)s declaratie(s), totaal %(t)s, is geregistreerd en geboekt (%(post)s).")
                % {
                    "n": betaling.declaraties.count(),
                    "t": format_bedrag(betaling.totaal),
                    "post": betaling.journaalpost.stuknummer,
                },
            )
        return ""

    def get_success_url(self, obj, result):
        return reverse("declaraties:betalingen")

    def get_failure_url(self, obj):
        return reverse("declaraties:betalingen")


# ---------------------------------------------------------------------------------------------
# Toekenningen (ceilings)
# ---------------------------------------------------------------------------------------------


class ToekenningenView(TableView):
    permission_required = "declaraties.view_toekenningen"
    title = gettext_lazy("Toekenningen aan partners")
    empty_noun = gettext_lazy("toekenningen")
    intro = gettext_lazy(
        "Wat een partner per buurt en bestedingsjaar hoogstens mag declareren. Zonder toekenning geldt "
        "alleen het budget van de begrotingsregels."
    )
    export_filename = "toekenningen"
    default_sort = "buurt"
    template_name = "declaraties/toekenningen.html"
    columns = [
        Column("buurt", gettext_lazy("Buurt"), sort="buurt__naam", value=lambda t: t.buurt.naam),
        Column("partner", gettext_lazy("Partner"), sort="partner__naam", value=lambda t: t.partner.naam),
        Column("jaar", gettext_lazy("Bestedingsjaar"), sort="jaar"),
        Column("plafond", gettext_lazy("Plafond"), sort="plafond", money=True),
        Column("besluit_kenmerk", gettext_lazy("Subsidiebesluit")),
        Column("verantwoordingseisen", gettext_lazy("Verantwoordingseisen")),
        Column("verantwoording_uiterlijk", gettext_lazy("Verantwoording uiterlijk"), sort="verantwoording_uiterlijk"),
    ]

    def get_base_queryset(self):
        return queries.toekenningen_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("declaraties.beheer_toekenningen_pagina"):
            context["toekenning_form"] = kwargs.get("toekenning_form") or ToekenningForm(user=self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        require(request.user, "declaraties.beheer_toekenningen_pagina")
        if request.POST.get("partner_zoeken"):
            # "Zoeken" without JavaScript: show the matches to choose from, keep what was typed, save nothing.
            self.object_list = self.get_queryset()
            form = ToekenningForm(initial=request.POST.dict(), user=request.user)
            form.fields["partner"].widget.zoekterm = request.POST.get("partner_zoek", "")
            return self.render_to_response(self.get_context_data(toekenning_form=form))
        form = ToekenningForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.leg_toekenning_vast(request.user, **form.cleaned_data)
                messages.success(request, _("De toekenning is vastgelegd."))
                return redirect("declaraties:toekenningen")
            except ValidationError as exc:
                _add_errors(form, exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(toekenning_form=form))


@login_required
def partner_zoeken(request):
    """htmx: the matches of a partner search field (core.zoekkeuze) while typing."""
    require(request.user, "declaraties.view_werkvoorraad")
    lijst = "toekenning" if request.GET.get("lijst") == "toekenning" else "filter"
    veld = request.GET.get("veld") or "partner"
    if not veld.isidentifier():
        raise Http404
    html = render_resultaten(
        queries.partners_voor(lijst, request.user.gemeente_ids if lijst == "toekenning" else None),
        veld,
        request.GET.get(f"{veld}_zoek", ""),
        request.GET.get("id") or f"id_{veld}",
    )
    return HttpResponse(html)
