"""Thin views: read through queries/sisa, change through services, scope through rules (core.access)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from buurtplan.models import Buurt
from core import workflow
from core.access import get_or_deny, require
from core.actions import ActionView, ConfirmedActionView
from core.documents import private_response, serve_private
from core.lists import Column, TableView
from core.money import format_bedrag
from core.services import timeline
from core.xlsx import xlsx_response
from core.zoekkeuze import render_resultaten
from grootboek.api import journaalpost_url

from . import dashboard as spuk_dashboard
from . import queries, services, sisa
from .forms import (
    BeschikkingFilterForm,
    partners,
    AanvraagFilterForm,
    AanvraagForm,
    BetaaldForm,
    DefinitiefForm,
    DocumentForm,
    EindverantwoordingForm,
    IndienenForm,
    JaarafsluitingForm,
    RedenForm,
    TermijnForm,
    TermijnStornoForm,
    TerugbetalingForm,
    VaststellingForm,
    VerleenForm,
)
from .models import Aanvraag, AanvraagDocument, Beschikking


class SpukMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Page permission `spuk.view_spuk`: a wrong role gets 403 before any object lookup (which gives
    404 outside the user's gemeenten). Objects come from `get_or_deny`, never from the mixin."""

    permission_required = "spuk.view_spuk"

    def get_permission_object(self):
        return None


# ---------------------------------------------------------------------------------------------
# Aanvragen
# ---------------------------------------------------------------------------------------------


class AanvragenView(SpukMixin, TableView):
    title = gettext_lazy("SPUK-aanvragen")
    empty_noun = gettext_lazy("aanvragen")
    intro = gettext_lazy("Aanvragen voor de specifieke uitkering transformatiemiddelen, met hun status en bedrag.")
    export_filename = "spuk-aanvragen"
    template_name = "spuk/aanvragen.html"
    filter_form_class = AanvraagFilterForm
    default_sort = "-aangemaakt_op"
    columns = [
        Column("zaaknummer", gettext_lazy("Zaaknummer"), sort="zaaknummer", link=True),
        Column("titel", gettext_lazy("Titel"), sort="titel"),
        Column("gemeente.naam", gettext_lazy("Penvoerder"), sort="gemeente__naam"),
        Column("get_status_display", gettext_lazy("Status"), sort="status"),
        Column("totaal", gettext_lazy("Aangevraagd"), sort="totaal", money=True),
        Column("ingediend_op", gettext_lazy("Ingediend op"), sort="ingediend_op"),
        Column("beschikkingsnummer", gettext_lazy("Beschikking"), sort="beschikking__nummer"),
        Column("aangemaakt_op", gettext_lazy("Aangemaakt"), sort="aangemaakt_op"),
    ]

    def get_base_queryset(self):
        return queries.aanvragen_lijst(self.request.user)


class AanvraagFormView(SpukMixin, TemplateView):
    template_name = "spuk/aanvraag_form.html"
    permission_required = "spuk.add_aanvraag"

    def get_aanvraag(self):
        return None

    def get_regeling(self):
        aanvraag = self.get_aanvraag()
        return aanvraag.regeling if aanvraag else queries.huidige_regeling()

    def get_gemeente(self):
        aanvraag = self.get_aanvraag()
        if aanvraag is not None:
            return aanvraag.gemeente
        if self.request.gemeente is None:
            raise PermissionDenied
        return self.request.gemeente

    def get_form(self):
        aanvraag = self.get_aanvraag()
        regeling = self.get_regeling()
        if regeling is None:
            return None
        initial = {}
        if aanvraag is not None:
            initial = {
                f: getattr(aanvraag, f)
                for f in (
                    "titel",
                    "zaaknummer",
                    "datum_collegebesluit",
                    "portefeuillehouder",
                    "opsteller",
                    "toelichting",
                )
            }
            initial["buurten"] = list(aanvraag.buurten.all())
            initial["deelnemende_gemeenten"] = list(aanvraag.deelnemende_gemeenten.all())
            for b in aanvraag.bedragen.all():
                initial[f"bedrag_{b.jaar}"] = b.bedrag
        return AanvraagForm(self.request.POST or None, initial=initial, gemeente=self.get_gemeente(), regeling=regeling)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["geen_regeling"] = context["form"] is None
        context["aanvraag"] = self.get_aanvraag()
        context["gemeente"] = self.get_gemeente()
        context["title"] = _("Aanvraag wijzigen") if context["aanvraag"] else _("Nieuwe SPUK-aanvraag")
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is None:
            return self.render_to_response(self.get_context_data(form=None), status=400)
        if form.is_valid():
            try:
                aanvraag = self.save(form)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("De aanvraag is opgeslagen."))
                return redirect(aanvraag)
        return self.render_to_response(self.get_context_data(form=form))

    def save(self, form):
        return services.maak_aanvraag(
            self.request.user,
            gemeente=self.get_gemeente(),
            regeling=form.regeling,
            buurten=form.cleaned_data["buurten"],
            bedragen=form.bedragen(),
            deelnemende_gemeenten=form.cleaned_data["deelnemende_gemeenten"],
            **form.velden(),
        )


class AanvraagWijzigenView(AanvraagFormView):
    permission_required = "spuk.view_spuk"

    def get_aanvraag(self):
        if not hasattr(self, "_aanvraag"):
            self._aanvraag = get_or_deny(self.request.user, Aanvraag, self.kwargs["pk"], "spuk.beheer_aanvraag")
        return self._aanvraag

    def get(self, request, *args, **kwargs):
        if not self.get_aanvraag().bewerkbaar:
            messages.error(request, _("Alleen een aanvraag in concept kan worden gewijzigd."))
            return redirect(self.get_aanvraag())
        return super().get(request, *args, **kwargs)

    def save(self, form):
        return services.wijzig_aanvraag(
            self.request.user,
            self.get_aanvraag(),
            buurten=form.cleaned_data["buurten"],
            bedragen=form.bedragen(),
            deelnemende_gemeenten=form.cleaned_data["deelnemende_gemeenten"],
            **form.velden(),
        )


class AanvraagDetailView(SpukMixin, TemplateView):
    template_name = "spuk/aanvraag_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        aanvraag = get_or_deny(
            user, Aanvraag.objects.select_related("gemeente", "regeling"), self.kwargs["pk"], "spuk.view_obj"
        )
        controle = queries.reconciliatie(aanvraag)
        bedragen = list(aanvraag.bedragen.all())
        totaal = sum((b.bedrag for b in bedragen), queries.ZERO)
        context.update(
            aanvraag=aanvraag,
            title=str(aanvraag),
            bedragen=bedragen,
            totaal=totaal,
            buurten=list(aanvraag.buurten.select_related("gemeente")),
            deelnemende_gemeenten=list(aanvraag.deelnemende_gemeenten.all()),
            documenten=list(aanvraag.documenten.all()),
            controle=controle,
            beschikking=getattr(aanvraag, "beschikking", None) if hasattr(aanvraag, "beschikking") else None,
            tijdlijn=timeline(aanvraag)[:50],
            mag_beheren=aanvraag.bewerkbaar and user.has_perm("spuk.beheer_aanvraag", aanvraag),
            kan_indienen=workflow.can(user, aanvraag, "indienen"),
            kan_intrekken=workflow.can(user, aanvraag, "terug_naar_concept"),
            kan_besluiten=workflow.can(user, aanvraag, "verlenen"),
            indienen_form=IndienenForm(auto_id="indienen-%s"),
            reden_form=RedenForm(auto_id="intrekken-%s"),
            document_form=DocumentForm(auto_id="document-%s"),
            verleen_form=VerleenForm(initial={"bedrag": totaal, "datum": timezone.localdate()}, auto_id="verleen-%s"),
        )
        return context


class SpukActionView(SpukMixin, ActionView):
    """POST form → one service → message → redirect; the service checks role (403) and state (message)."""

    model = Aanvraag
    perm = "spuk.view_obj"

    def get_object(self):
        return get_or_deny(self.request.user, self.model, self.kwargs["pk"], self.perm)

    def get_success_url(self, obj, result):
        return obj.get_absolute_url()


class AanvraagIndienenView(SpukActionView):
    form_class = IndienenForm
    success_message = gettext_lazy("De aanvraag is ingediend.")

    def perform(self, aanvraag, form):
        return services.dien_in(self.request.user, aanvraag, reden=form.cleaned_data.get("reden", ""))


class AanvraagIntrekkenView(SpukActionView):
    form_class = RedenForm
    success_message = gettext_lazy("De aanvraag is teruggezet naar concept.")

    def perform(self, aanvraag, form):
        return services.trek_in(self.request.user, aanvraag, form.cleaned_data["reden"])


class AanvraagAfwijzenView(SpukActionView):
    form_class = RedenForm
    success_message = gettext_lazy("De afwijzing is vastgelegd.")

    def perform(self, aanvraag, form):
        return services.wijs_af(self.request.user, aanvraag, form.cleaned_data["reden"])


class AanvraagVerlenenView(SpukActionView):
    form_class = VerleenForm

    def perform(self, aanvraag, form):
        return services.verleen(
            self.request.user,
            aanvraag,
            nummer=form.cleaned_data["nummer"],
            datum=form.cleaned_data["datum"],
            bedrag=form.cleaned_data["bedrag"],
        )

    def get_success_message(self, aanvraag, beschikking):
        return _("Beschikking %(nr)s is vastgelegd met het termijnschema.") % {"nr": beschikking.nummer}

    def get_success_url(self, aanvraag, beschikking):
        return beschikking.get_absolute_url()


class AanvraagDocumentView(SpukActionView):
    form_class = DocumentForm
    success_message = gettext_lazy("De bijlage is toegevoegd.")

    def perform(self, aanvraag, form):
        return services.voeg_document_toe(
            self.request.user,
            aanvraag,
            omschrijving=form.cleaned_data["omschrijving"],
            bestand=form.cleaned_data["bestand"],
        )


class DocumentView(SpukMixin, View):
    def get(self, request, pk):
        document = get_or_deny(request.user, AanvraagDocument.objects.select_related("aanvraag"), pk)
        return serve_private(request, document, "spuk.view_obj")


# ---------------------------------------------------------------------------------------------
# Beschikkingen
# ---------------------------------------------------------------------------------------------


class BeschikkingenView(SpukMixin, TableView):
    title = gettext_lazy("Beschikkingen")
    empty_noun = gettext_lazy("beschikkingen")
    intro = gettext_lazy("Verleende SPUK-beschikkingen met verleend en ontvangen bedrag.")
    export_filename = "spuk-beschikkingen"
    default_sort = "-datum"
    filter_form_class = BeschikkingFilterForm
    columns = [
        Column("nummer", gettext_lazy("Beschikkingsnummer"), sort="nummer", link=True),
        Column("datum", gettext_lazy("Datum"), sort="datum"),
        Column("gemeente.naam", gettext_lazy("Gemeente"), sort="gemeente__naam"),
        Column("aanvraag.zaaknummer", gettext_lazy("Zaaknummer"), sort="aanvraag__zaaknummer"),
        Column("periode", gettext_lazy("Periode"), value=lambda b: f"{b.periode_start_jaar}–{b.periode_eind_jaar}"),
        Column("bedrag", gettext_lazy("Verleend"), sort="bedrag", money=True),
        Column("ontvangen", gettext_lazy("Ontvangen"), sort="ontvangen", money=True),
        Column("aanvraag.get_status_display", gettext_lazy("Status"), sort="aanvraag__status"),
    ]

    def get_base_queryset(self):
        return queries.beschikkingen_lijst(self.request.user)


class BeschikkingMixin(SpukMixin):
    @property
    def beschikking(self):
        if not hasattr(self, "_beschikking"):
            self._beschikking = get_or_deny(
                self.request.user,
                Beschikking.objects.select_related("gemeente", "aanvraag__regeling"),
                self.kwargs["pk"],
                "spuk.view_obj",
            )
        return self._beschikking


class BeschikkingDetailView(BeschikkingMixin, TemplateView):
    """The beschikking with its figures, lines and the finance actions. The three forms for rare
    actions (terugbetaling, vaststelling, eindverantwoording) come with the page only when asked
    (`?formulier=…`, or `?zoek_in=…` of the partner search without JavaScript); with htmx opening
    their <details> fetches just the form. Rendering all three took a seventh of the page's time."""

    template_name = "spuk/beschikking_detail.html"
    FORMULIEREN = ("terugbetaling", "vaststelling", "eind")

    def gevraagd_formulier(self):
        naam = self.request.GET.get("formulier") or self.request.GET.get("zoek_in")
        return naam if naam in self.FORMULIEREN else None

    def get(self, request, *args, **kwargs):
        naam = self.gevraagd_formulier()
        if naam and request.htmx:
            b = self.beschikking
            if not request.user.has_perm("spuk.financieel", b):
                raise PermissionDenied
            return TemplateResponse(
                request,
                "spuk/_beschikking_formulier.html",
                {"beschikking": b, "naam": naam, "form": self.formulier(naam)},
            )
        return super().get(request, *args, **kwargs)

    def gevraagde_formulieren(self, financieel):
        naam = self.gevraagd_formulier()
        return {naam: self.formulier(naam)} if naam and financieel else {}

    def formulier(self, naam):
        b, vandaag = self.beschikking, timezone.localdate()
        if naam == "terugbetaling":
            return self._met_partnerzoeken(
                TerugbetalingForm(
                    initial={"boekdatum": vandaag}, auto_id="terugbetaling-%s", gemeente_id=b.gemeente_id
                ),
                "terugbetaling",
            )
        if naam == "vaststelling":
            return self._met_partnerzoeken(
                VaststellingForm(initial={"datum": vandaag}, auto_id="vaststelling-%s", gemeente_id=b.gemeente_id),
                "vaststelling",
            )
        return EindverantwoordingForm(initial={"jaar": b.eindverantwoording_jaar}, auto_id="eind-%s")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b = self.beschikking
        financieel = self.request.user.has_perm("spuk.financieel", b)
        # Paginated: a national beschikking has tens of thousands of lines (17,355 made 11 MB of HTML).
        regels = queries.regels_pagina(b, self.request.GET.get("regels"))
        for regel in regels:
            regel.post_url = journaalpost_url(regel.journaalpost)
        vandaag = timezone.localdate()
        jaren = queries.jaren_overzicht(b, vandaag)
        for jaar in jaren:
            jaar["kan_afsluiten"] = financieel and jaar["voorbij"]
        context.update(
            beschikking=b,
            aanvraag=b.aanvraag,
            title=str(b),
            overzicht=queries.financieel_overzicht(b),
            termijnen=queries.termijnen_overzicht(b),
            regels=regels,
            jaren=jaren,
            terugbetalingen=queries.terugbetalingen(b),
            vaststelling=getattr(b, "vaststelling", None) if hasattr(b, "vaststelling") else None,
            financieel=financieel,
            termijn_form=TermijnForm(initial={"ontvangen_op": vandaag}),
            storno_form=TermijnStornoForm(initial={"boekdatum": vandaag}),
            betaald_form=BetaaldForm(initial={"betaald_op": vandaag}),
            formulieren=self.gevraagde_formulieren(financieel),
            tijdlijn=timeline(b)[:50],
            verantwoordingen=list(queries.definitieve_verantwoordingen(b)),
        )
        return context

    def _met_partnerzoeken(self, form, naam):
        """The partner search field posts to an action: "Zoeken" without JavaScript comes back here
        with GET (`partner_zoek`, and `zoek_in` naming the form) and the page shows the matches."""
        widget = form.fields["partner"].widget
        widget.pagina_url = f"{self.request.path}?zoek_in={naam}"
        if self.request.GET.get("zoek_in") == naam:
            widget.zoekterm = self.request.GET.get("partner_zoek", "")
        return form


class BeschikkingActionView(SpukActionView):
    """An action on a beschikking (or one of its termijnen / terugbetalingen); back to its page."""

    model = Beschikking

    def get_failure_url(self, obj):
        return obj.get_absolute_url()


class TermijnOntvangenView(BeschikkingActionView):
    form_class = TermijnForm

    def perform(self, b, form):
        termijn = get_object_or_404(b.termijnen.all(), pk=self.kwargs["termijn"])
        return services.registreer_termijn(
            self.request.user,
            termijn,
            ontvangen_op=form.cleaned_data["ontvangen_op"],
            bedrag=form.cleaned_data["bedrag"],
        )

    def get_success_message(self, b, termijn):
        return _("Termijn %(jaar)s is ontvangen en geboekt.") % {"jaar": termijn.jaar}


class TermijnStornoView(BeschikkingActionView):
    form_class = TermijnStornoForm

    def perform(self, b, form):
        termijn = get_object_or_404(b.termijnen.all(), pk=self.kwargs["termijn"])
        return services.storneer_termijn(
            self.request.user, termijn, reden=form.cleaned_data["reden"], boekdatum=form.cleaned_data["boekdatum"]
        )

    def get_success_message(self, b, termijn):
        return _("De ontvangst van termijn %(jaar)s is gestorneerd; de termijn staat weer op verwacht.") % {
            "jaar": termijn.jaar
        }


class JaarafsluitingView(ConfirmedActionView, BeschikkingActionView):
    """Year-end release: GET asks for confirmation (it closes the year on the beschikking's accounts)."""

    form_class = JaarafsluitingForm
    confirm_permission = "spuk.financieel"
    confirm_title = gettext_lazy("Jaarafsluiting bevestigen")
    confirm_button = gettext_lazy("Jaar afsluiten")

    def get_consequences(self, b, form):
        jaar = form.cleaned_data.get("jaar") if form is not None and form.is_bound and form.is_valid() else None
        if jaar is None:
            return [_("Kies het jaar dat u wilt afsluiten.")]
        return [
            _(
                "De lasten van %(jaar)s die nog niet zijn vrijgevallen (%(bedrag)s) worden geboekt als vrijval: "
                "Vooruitontvangen debet / Baten SPUK credit, op 31 december %(jaar)s."
            )
            % {"jaar": jaar, "bedrag": format_bedrag(queries.nog_vrij_te_laten(b, jaar))},
            _(
                "Boekjaar %(jaar)s van de rekeningen van beschikking %(nr)s wordt gesloten: daarna kan er niets "
                "meer in %(jaar)s op worden geboekt."
            )
            % {"jaar": jaar, "nr": b.nummer},
        ]

    def perform(self, b, form):
        return services.jaarafsluiting(self.request.user, b, form.cleaned_data["jaar"])

    def get_success_message(self, b, afsluiting):
        return _("Jaarafsluiting %(jaar)s uitgevoerd.") % {"jaar": afsluiting.jaar}


class TerugbetalingView(BeschikkingActionView):
    form_class = TerugbetalingForm
    success_message = gettext_lazy("De terugbetaling is vastgelegd en geboekt.")

    def get_form_kwargs(self, b):
        return {"gemeente_id": b.gemeente_id}

    def perform(self, b, form):
        return services.registreer_terugbetaling(self.request.user, b, **form.cleaned_data)


class TerugbetalingBetaaldView(BeschikkingActionView):
    form_class = BetaaldForm
    success_message = gettext_lazy("De betaling aan het Rijk is geboekt.")

    def perform(self, b, form):
        terugbetaling = get_object_or_404(b.terugbetalingen.all(), pk=self.kwargs["terugbetaling"])
        return services.betaal_terugbetaling(
            self.request.user, terugbetaling, betaald_op=form.cleaned_data["betaald_op"]
        )


class VaststellingView(ConfirmedActionView, BeschikkingActionView):
    """The ministry's final amount: GET shows what will be booked and asks for confirmation."""

    form_class = VaststellingForm
    success_message = gettext_lazy("De vaststelling is vastgelegd.")
    confirm_permission = "spuk.financieel"
    confirm_title = gettext_lazy("Vaststelling bevestigen")
    confirm_button = gettext_lazy("Vaststelling vastleggen")

    def get_consequences(self, b, form):
        gevolgen = [
            _("De aanvraag wordt ‘vastgesteld’. Daarna wordt er niets meer op deze beschikking geboekt."),
        ]
        if form is not None and form.is_bound and form.is_valid():
            terug = services.te_veel_ontvangen(b, form.cleaned_data["bedrag"])
            if terug > 0:
                gevolgen.append(
                    _(
                        "Er is %(b)s meer ontvangen dan vastgesteld; dat wordt geboekt als terugbetaling (onderbesteding)."
                    )
                    % {"b": format_bedrag(terug)}
                )
            else:
                gevolgen.append(_("Er hoeft niets te worden terugbetaald."))
        return gevolgen

    def get_form_kwargs(self, b):
        return {"gemeente_id": b.gemeente_id}

    def perform(self, b, form):
        return services.leg_vaststelling_vast(self.request.user, b, **form.cleaned_data)


class EindverantwoordingView(BeschikkingActionView):
    form_class = EindverantwoordingForm
    success_message = gettext_lazy("Het jaar van de eindverantwoording is opgeslagen.")

    def perform(self, b, form):
        return services.zet_eindverantwoording(self.request.user, b, form.cleaned_data.get("jaar"))


class BeschikkingDashboardView(BeschikkingMixin, TemplateView):
    """Key figures per year of one beschikking, and budget against spending in its buurten."""

    template_name = "spuk/beschikking_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b = self.beschikking
        buurten = b.aanvraag.buurten.filter(pk__in=Buurt.objects.visible_to(self.request.user).values("pk"))
        context.update(
            beschikking=b,
            title=_("Dashboard %(nummer)s") % {"nummer": b.nummer},
            panelen=[
                spuk_dashboard.kerncijfers_paneel([b]),
                *spuk_dashboard.budget_panelen(buurten.order_by("naam"), [b]),
            ],
        )
        return context


class VerloopstaatView(BeschikkingMixin, TemplateView):
    template_name = "spuk/verloopstaat.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            rows = [
                [
                    v.jaar,
                    v.beginsaldo,
                    v.ontvangen,
                    v.vrijgevallen,
                    v.terugbetaald,
                    v.nog_te_ontvangen,
                    v.overig,
                    v.eindsaldo,
                    v.grootboeksaldo,
                ]
                for v in queries.verloopstaten(self.beschikking)
            ]
            headers = [
                _("Jaar"),
                _("Beginsaldo"),
                _("Ontvangen"),
                _("Vrijgevallen"),
                _("Terugbetaald"),
                _("Nog te ontvangen"),
                _("Overig"),
                _("Eindsaldo"),
                _("Saldo grootboek"),
            ]
            return xlsx_response(f"verloopstaat-{self.beschikking.nummer}", [(_("Verloopstaat"), headers, rows)])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            beschikking=self.beschikking,
            title=_("Verloopstaat %(nr)s") % {"nr": self.beschikking.nummer},
            staten=queries.verloopstaten(self.beschikking),
        )
        return context


# ---------------------------------------------------------------------------------------------
# SiSa
# ---------------------------------------------------------------------------------------------


class SisaMixin(BeschikkingMixin):
    def jaar(self):
        jaar = int(self.kwargs["jaar"])
        if not (2000 <= jaar <= 2100):
            raise Http404
        return jaar

    def versie(self):
        versie = self.request.GET.get("versie")
        if versie in (None, ""):
            return None
        if not str(versie).isdigit() or not queries.versie_bestaat(self.beschikking, self.jaar(), int(versie)):
            raise Http404
        return int(versie)

    def formaat(self):
        formaat = self.kwargs["formaat"]
        if formaat not in ("xlsx", "pdf"):
            raise Http404
        return formaat


class SisaView(SisaMixin, TemplateView):
    template_name = "spuk/sisa.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b, jaar, versie = self.beschikking, self.jaar(), self.versie()
        data, verantwoording = services.sisa_gegevens(b, jaar, versie, regels=versie is not None)
        # The page shows the lines grouped (indicator, relatie, month); one group's lines on request.
        groep = self.request.GET.get("groep", "")
        if not groep:
            detail = []
        elif verantwoording is None:
            detail = sisa.groep_specificatie(b, jaar, groep)
        else:
            detail = [r for r in data["specificatie"] + data["niet_toegerekend"] if sisa.groep_sleutel(r) == groep]
        detail_pagina = Paginator(detail, 100).get_page(self.request.GET.get("pagina")) if detail else None
        for regel in detail_pagina or []:
            try:
                regel["post_url"] = reverse("grootboek:journaalpost", args=[regel["journaalpost_id"]])
            except NoReverseMatch:
                regel["post_url"] = None
        context.update(
            specificatie_groepen=data["specificatie_groepen"],
            niet_toegerekend_groepen=data["niet_toegerekend_groepen"],
            groep=groep,
            detail_pagina=detail_pagina,
            versie_query=f"versie={versie}&" if versie else "",
        )
        context["achtergrond_formaten"] = [
            ("xlsx", _("XLSX op de achtergrond maken")),
            ("pdf", _("PDF op de achtergrond maken")),
        ]
        query = f"?versie={versie}" if versie else ""
        context.update(
            beschikking=b,
            jaar=jaar,
            jaren=sorted(set(b.jaren) | {jaar}),
            data=data,
            verantwoording=verantwoording,
            versies=queries.versies(b, jaar),
            geldend=queries.geldende_verantwoording(b, jaar),
            title=_("SiSa-verantwoording %(jaar)s – %(nr)s") % {"jaar": jaar, "nr": b.nummer},
            mag_definitief=self.request.user.has_perm("spuk.financieel", b) and verantwoording is None,
            definitief_form=DefinitiefForm(),
            xlsx_url=reverse("spuk:sisa_download", args=[b.pk, jaar, "xlsx"]) + query,
            pdf_url=reverse("spuk:sisa_download", args=[b.pk, jaar, "pdf"]) + query,
        )
        return context

    def get(self, request, *args, **kwargs):
        if "definitief" in request.GET:
            return self.bevestig_definitief(request)
        return super().get(request, *args, **kwargs)

    def bevestig_definitief(self, request):
        """A definitieve version never changes: GET ?definitief=1 shows what will be frozen; only the
        POST of that page (SisaDefinitiefView) freezes it."""
        b, jaar = self.beschikking, self.jaar()
        if not request.user.has_perm("spuk.financieel", b):
            raise PermissionDenied
        geldend = queries.geldende_verantwoording(b, jaar)
        gevolgen = [
            _(
                "De SiSa-cijfers %(jaar)s van beschikking %(nr)s worden vastgelegd met een controlegetal; "
                "deze versie kan daarna niet meer worden gewijzigd."
            )
            % {"jaar": jaar, "nr": b.nummer},
        ]
        if geldend is not None:
            gevolgen.append(
                _("De nieuwe versie vervangt versie %(v)s als geldende verantwoording.") % {"v": geldend.versie}
            )
        form = DefinitiefForm(request.GET if "reden" in request.GET else None, auto_id="definitief-%s")
        return render(
            request,
            "core/bevestigen.html",
            {
                "titel": _("SiSa %(jaar)s definitief maken") % {"jaar": jaar},
                "gevolgen": gevolgen,
                "form": form if geldend is not None else None,
                "knop": _("Maak definitief"),
                "actie": request.path,
                "annuleren": reverse("spuk:sisa", args=[b.pk, jaar]),
            },
        )

    def post(self, request, *args, **kwargs):
        return SisaDefinitiefView.as_view()(request, *args, **kwargs)


class SisaDefinitiefView(SisaMixin, BeschikkingActionView):
    """POST on the SiSa page: freeze the current figures as a new definitief version."""

    form_class = DefinitiefForm

    def get_object(self):
        return self.beschikking

    def perform(self, b, form):
        return services.maak_sisa_definitief(
            self.request.user, b, self.jaar(), reden=form.cleaned_data.get("reden", "")
        )

    def get_success_message(self, b, v):
        return _("Versie %(v)s is definitief (controlegetal %(c)s).") % {"v": v.versie, "c": v.checksum[:12]}

    def get_success_url(self, b, v):
        return v.get_absolute_url()

    def get_failure_url(self, b):
        return reverse("spuk:sisa", args=[b.pk, self.jaar()])


class SisaDownloadView(SisaMixin, View):
    """The SiSa XLSX or PDF, generated for this request and streamed; nothing is stored. For a file
    that takes long, the page offers the background report (SisaRapportView)."""

    def get(self, request, *args, **kwargs):
        naam, inhoud, content_type = services.sisa_bestand(self.beschikking, self.jaar(), self.formaat(), self.versie())
        response = HttpResponse(inhoud, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return private_response(response)


class SisaRapportView(SisaMixin, BeschikkingActionView):
    """POST: queue the SiSa file as a background report; the report page shows progress and the download."""

    def get_object(self):
        return self.beschikking

    def perform(self, b, form):
        return services.vraag_sisa_rapport_aan(self.request.user, b, self.jaar(), self.formaat(), self.versie())

    def get_success_url(self, b, rapport):
        return rapport.get_absolute_url()


@login_required
def partner_zoeken(request):
    """htmx: the organisations matching a partner search field (core.zoekkeuze) while typing."""
    require(request.user, "spuk.view_spuk")
    veld = request.GET.get("veld") or "partner"
    if not veld.isidentifier():
        raise Http404
    html = render_resultaten(
        partners(request.user.gemeente_ids),
        veld,
        request.GET.get(f"{veld}_zoek", ""),
        request.GET.get("id") or f"id_{veld}",
    )
    return HttpResponse(html)
