"""Thin views: read through queries/sisa, change through services, scope through rules."""
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.lists import Column, TableView
from core.services import timeline

from . import queries, rules as spuk_rules, services, sisa
from .forms import (
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
    TerugbetalingForm,
    VaststellingForm,
    VerleenForm,
)
from .models import Aanvraag, AanvraagBedrag, AanvraagDocument, Beschikking, Regeling, SisaVerantwoording, Termijn, Terugbetaling

_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _messages_from(request, exc):
    if hasattr(exc, "message_dict"):
        for fout in exc.message_dict.values():
            for tekst in fout:
                messages.error(request, tekst)
    else:
        for tekst in exc.messages:
            messages.error(request, tekst)


def _form_errors(request, form):
    for fout in form.errors.values():
        for tekst in fout:
            messages.error(request, tekst)


def scoped_aanvragen(user):
    return spuk_rules.scope_aanvragen(Aanvraag.objects.all(), user)


def scoped_beschikkingen(user):
    return spuk_rules.scope_beschikkingen(Beschikking.objects.all(), user)


def journaalpost_url(post):
    if post is None:
        return None
    try:
        return post.get_absolute_url()
    except NoReverseMatch:
        return None


class SpukMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "spuk.view_spuk"

    def has_permission(self):
        # Wrong role: 403 before any object lookup (which would give 404 outside the user's gemeenten).
        if not self.request.user.has_perm("spuk.view_spuk"):
            return False
        return super().has_permission()


# ---------------------------------------------------------------------------------------------
# Aanvragen
# ---------------------------------------------------------------------------------------------


def _totaal_subquery():
    return Coalesce(
        Subquery(
            AanvraagBedrag.objects.filter(aanvraag=OuterRef("pk")).order_by().values("aanvraag")
            .annotate(t=Sum("bedrag")).values("t")[:1],
            output_field=_MONEY,
        ),
        Decimal("0.00"),
        output_field=_MONEY,
    )


class AanvragenView(SpukMixin, TableView):
    title = gettext_lazy("SPUK-aanvragen")
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
        from django.db.models import F

        return (
            scoped_aanvragen(self.request.user)
            .select_related("gemeente")
            .annotate(totaal=_totaal_subquery(), beschikkingsnummer=F("beschikking__nummer"))
        )


def _regeling():
    regeling = Regeling.objects.order_by("pk").first()
    if regeling is None:
        regeling = Regeling.objects.create(naam="Specifieke uitkering transformatiemiddelen IZA & AZWA", sisa_code="H14")
    return regeling


class AanvraagFormView(SpukMixin, TemplateView):
    template_name = "spuk/aanvraag_form.html"
    permission_required = "spuk.add_aanvraag"

    def get_aanvraag(self):
        return None

    def get_gemeente(self):
        aanvraag = self.get_aanvraag()
        if aanvraag is not None:
            return aanvraag.gemeente
        if self.request.gemeente is None:
            raise PermissionDenied
        return self.request.gemeente

    def get_form(self):
        aanvraag = self.get_aanvraag()
        regeling = aanvraag.regeling if aanvraag else _regeling()
        initial = {}
        if aanvraag is not None:
            initial = {f: getattr(aanvraag, f) for f in ("titel", "zaaknummer", "datum_collegebesluit", "portefeuillehouder",
                                                         "opsteller", "toelichting")}
            initial["buurten"] = list(aanvraag.buurten.all())
            initial["deelnemende_gemeenten"] = list(aanvraag.deelnemende_gemeenten.all())
            for b in aanvraag.bedragen.all():
                initial[f"bedrag_{b.jaar}"] = b.bedrag
        return AanvraagForm(
            self.request.POST or None, initial=initial, gemeente=self.get_gemeente(), regeling=regeling
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["aanvraag"] = self.get_aanvraag()
        context["gemeente"] = self.get_gemeente()
        context["title"] = _("Aanvraag wijzigen") if context["aanvraag"] else _("Nieuwe SPUK-aanvraag")
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
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
            self.request.user, gemeente=self.get_gemeente(), regeling=form.regeling,
            buurten=form.cleaned_data["buurten"], bedragen=form.bedragen(),
            deelnemende_gemeenten=form.cleaned_data["deelnemende_gemeenten"], **form.velden(),
        )


class AanvraagWijzigenView(AanvraagFormView):
    permission_required = "spuk.beheer_aanvraag"

    def get_aanvraag(self):
        if not hasattr(self, "_aanvraag"):
            self._aanvraag = get_object_or_404(scoped_aanvragen(self.request.user), pk=self.kwargs["pk"])
        return self._aanvraag

    def get_permission_object(self):
        return self.get_aanvraag()

    def get(self, request, *args, **kwargs):
        if not self.get_aanvraag().bewerkbaar:
            messages.error(request, _("Alleen een aanvraag in concept kan worden gewijzigd."))
            return redirect(self.get_aanvraag())
        return super().get(request, *args, **kwargs)

    def save(self, form):
        return services.wijzig_aanvraag(
            self.request.user, self.get_aanvraag(), buurten=form.cleaned_data["buurten"], bedragen=form.bedragen(),
            deelnemende_gemeenten=form.cleaned_data["deelnemende_gemeenten"], **form.velden(),
        )


class AanvraagDetailView(SpukMixin, TemplateView):
    template_name = "spuk/aanvraag_detail.html"
    permission_required = "spuk.view_obj"

    def get_permission_object(self):
        if not hasattr(self, "_aanvraag"):
            self._aanvraag = get_object_or_404(
                scoped_aanvragen(self.request.user).select_related("gemeente", "regeling"), pk=self.kwargs["pk"]
            )
        return self._aanvraag

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aanvraag = self.get_permission_object()
        user = self.request.user
        mag_beheren = user.has_perm("spuk.beheer_aanvraag", aanvraag)
        mag_besluiten = user.has_perm("spuk.besluit_vastleggen", aanvraag)
        controle = queries.reconciliatie(aanvraag)
        totaal = sum((b.bedrag for b in aanvraag.bedragen.all()), Decimal("0.00"))
        context.update(
            aanvraag=aanvraag,
            title=str(aanvraag),
            bedragen=list(aanvraag.bedragen.all()),
            totaal=totaal,
            buurten=list(aanvraag.buurten.select_related("gemeente")),
            deelnemende_gemeenten=list(aanvraag.deelnemende_gemeenten.all()),
            documenten=list(aanvraag.documenten.all()),
            controle=controle,
            beschikking=getattr(aanvraag, "beschikking", None) if hasattr(aanvraag, "beschikking") else None,
            tijdlijn=timeline(aanvraag)[:50],
            mag_beheren=mag_beheren and aanvraag.bewerkbaar,
            kan_indienen=mag_beheren and aanvraag.status == Aanvraag.Status.CONCEPT,
            kan_intrekken=mag_beheren and aanvraag.status == Aanvraag.Status.INGEDIEND,
            kan_besluiten=mag_besluiten and aanvraag.status == Aanvraag.Status.INGEDIEND,
            indienen_form=IndienenForm(),
            reden_form=RedenForm(),
            document_form=DocumentForm(),
            verleen_form=VerleenForm(initial={"bedrag": totaal, "datum": timezone.localdate()}),
        )
        return context


class AanvraagActieView(SpukMixin, View):
    """POST-only actions on an aanvraag; the service checks the role (403) and the state (message)."""

    actie = None

    def get_permission_object(self):
        if not hasattr(self, "_aanvraag"):
            self._aanvraag = get_object_or_404(scoped_aanvragen(self.request.user), pk=self.kwargs["pk"])
        return self._aanvraag

    def post(self, request, *args, **kwargs):
        aanvraag = self.get_permission_object()
        try:
            result = getattr(self, f"do_{self.actie}")(request, aanvraag)
        except ValidationError as exc:
            _messages_from(request, exc)
            return redirect(aanvraag)
        return result or redirect(aanvraag)

    def do_indienen(self, request, aanvraag):
        form = IndienenForm(request.POST)
        form.is_valid()
        services.dien_in(request.user, aanvraag, reden=form.cleaned_data.get("reden", ""))
        messages.success(request, _("De aanvraag is ingediend."))

    def do_intrekken(self, request, aanvraag):
        form = RedenForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        services.trek_in(request.user, aanvraag, form.cleaned_data["reden"])
        messages.success(request, _("De aanvraag is teruggezet naar concept."))

    def do_afwijzen(self, request, aanvraag):
        form = RedenForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        services.wijs_af(request.user, aanvraag, form.cleaned_data["reden"])
        messages.success(request, _("De afwijzing is vastgelegd."))

    def do_verlenen(self, request, aanvraag):
        form = VerleenForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        beschikking = services.verleen(
            request.user, aanvraag, nummer=form.cleaned_data["nummer"], datum=form.cleaned_data["datum"],
            bedrag=form.cleaned_data["bedrag"],
        )
        messages.success(request, _("Beschikking %(nr)s is vastgelegd met het termijnschema.") % {"nr": beschikking.nummer})
        return redirect(beschikking)

    def do_document(self, request, aanvraag):
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        services.voeg_document_toe(request.user, aanvraag, omschrijving=form.cleaned_data["omschrijving"],
                                   bestand=form.cleaned_data["bestand"])
        messages.success(request, _("De bijlage is toegevoegd."))


class DocumentView(SpukMixin, View):
    def get(self, request, pk):
        document = get_object_or_404(
            AanvraagDocument.objects.filter(aanvraag__in=scoped_aanvragen(request.user)), pk=pk
        )
        response = FileResponse(document.bestand.open("rb"), content_type=document.content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.naam}"'
        return response


# ---------------------------------------------------------------------------------------------
# Beschikkingen
# ---------------------------------------------------------------------------------------------


def _ontvangen_subquery():
    return Coalesce(
        Subquery(
            Termijn.objects.filter(beschikking=OuterRef("pk"), status=Termijn.Status.ONTVANGEN).order_by()
            .values("beschikking").annotate(t=Sum("ontvangen_bedrag")).values("t")[:1],
            output_field=_MONEY,
        ),
        Decimal("0.00"),
        output_field=_MONEY,
    )


class BeschikkingenView(SpukMixin, TableView):
    title = gettext_lazy("Beschikkingen")
    intro = gettext_lazy("Verleende SPUK-beschikkingen met verleend en ontvangen bedrag.")
    export_filename = "spuk-beschikkingen"
    default_sort = "-datum"
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
        return (
            scoped_beschikkingen(self.request.user)
            .select_related("gemeente", "aanvraag")
            .annotate(ontvangen=_ontvangen_subquery())
        )


class BeschikkingMixin(SpukMixin):
    permission_required = "spuk.view_obj"

    def get_permission_object(self):
        if not hasattr(self, "_beschikking"):
            self._beschikking = get_object_or_404(
                scoped_beschikkingen(self.request.user).select_related("gemeente", "aanvraag__regeling"),
                pk=self.kwargs["pk"],
            )
        return self._beschikking

    @property
    def beschikking(self):
        return self.get_permission_object()


class BeschikkingDetailView(BeschikkingMixin, TemplateView):
    template_name = "spuk/beschikking_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b = self.beschikking
        user = self.request.user
        financieel = user.has_perm("spuk.financieel", b)
        regels = list(queries.regels_van_beschikking(b))
        for regel in regels:
            regel.post_url = journaalpost_url(regel.journaalpost)
        termijnen = queries.termijnen_overzicht(b)
        vandaag = timezone.localdate()
        afgesloten = {j.jaar: j for j in b.jaarafsluitingen.select_related("journaalpost")}
        jaren = [
            {"jaar": jaar, "afsluiting": afgesloten.get(jaar),
             "nog_vrij_te_laten": queries.nog_vrij_te_laten(b, jaar) if jaar not in afgesloten else None,
             "kan_afsluiten": financieel and jaar not in afgesloten and datetime.date(jaar, 12, 31) <= vandaag}
            for jaar in b.jaren
        ]
        context.update(
            beschikking=b,
            aanvraag=b.aanvraag,
            title=str(b),
            overzicht=queries.financieel_overzicht(b),
            termijnen=termijnen,
            regels=regels,
            jaren=jaren,
            terugbetalingen=list(b.terugbetalingen.select_related("journaalpost", "betaal_journaalpost")),
            vaststelling=getattr(b, "vaststelling", None) if hasattr(b, "vaststelling") else None,
            financieel=financieel,
            termijn_form=TermijnForm(initial={"ontvangen_op": vandaag}),
            terugbetaling_form=TerugbetalingForm(initial={"boekdatum": vandaag}),
            betaald_form=BetaaldForm(initial={"betaald_op": vandaag}),
            vaststelling_form=VaststellingForm(initial={"datum": vandaag}),
            eind_form=EindverantwoordingForm(initial={"jaar": b.eindverantwoording_jaar}),
            tijdlijn=timeline(b)[:50],
            verantwoordingen=list(b.verantwoordingen.filter(status=SisaVerantwoording.Status.DEFINITIEF).order_by("jaar", "versie")),
        )
        return context


class BeschikkingActieView(BeschikkingMixin, View):
    actie = None

    def post(self, request, *args, **kwargs):
        b = self.beschikking
        try:
            getattr(self, f"do_{self.actie}")(request, b)
        except ValidationError as exc:
            _messages_from(request, exc)
        return redirect(b)

    def do_termijn(self, request, b):
        termijn = get_object_or_404(b.termijnen.all(), pk=self.kwargs["termijn"])
        form = TermijnForm(request.POST)
        if not form.is_valid():
            return _form_errors(request, form)
        services.registreer_termijn(request.user, termijn, ontvangen_op=form.cleaned_data["ontvangen_op"],
                                    bedrag=form.cleaned_data["bedrag"])
        messages.success(request, _("Termijn %(jaar)s is ontvangen en geboekt.") % {"jaar": termijn.jaar})

    def do_jaarafsluiting(self, request, b):
        form = JaarafsluitingForm(request.POST)
        if not form.is_valid():
            return _form_errors(request, form)
        afsluiting = services.jaarafsluiting(request.user, b, form.cleaned_data["jaar"])
        messages.success(request, _("Jaarafsluiting %(jaar)s uitgevoerd.") % {"jaar": afsluiting.jaar})

    def do_terugbetaling(self, request, b):
        form = TerugbetalingForm(request.POST)
        if not form.is_valid():
            return _form_errors(request, form)
        services.registreer_terugbetaling(request.user, b, **form.cleaned_data)
        messages.success(request, _("De terugbetaling is vastgelegd en geboekt."))

    def do_betaald(self, request, b):
        terugbetaling = get_object_or_404(b.terugbetalingen.all(), pk=self.kwargs["terugbetaling"])
        form = BetaaldForm(request.POST)
        if not form.is_valid():
            return _form_errors(request, form)
        services.betaal_terugbetaling(request.user, terugbetaling, betaald_op=form.cleaned_data["betaald_op"])
        messages.success(request, _("De betaling aan het Rijk is geboekt."))

    def do_vaststelling(self, request, b):
        form = VaststellingForm(request.POST)
        if not form.is_valid():
            return _form_errors(request, form)
        services.leg_vaststelling_vast(request.user, b, **form.cleaned_data)
        messages.success(request, _("De vaststelling is vastgelegd."))

    def do_eindverantwoording(self, request, b):
        form = EindverantwoordingForm(request.POST)
        if not form.is_valid():
            return _form_errors(request, form)
        services.zet_eindverantwoording(request.user, b, form.cleaned_data.get("jaar"))
        messages.success(request, _("Het jaar van de eindverantwoording is opgeslagen."))


class VerloopstaatView(BeschikkingMixin, TemplateView):
    template_name = "spuk/verloopstaat.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            from core.xlsx import xlsx_response

            rows = [[v.jaar, v.beginsaldo, v.ontvangen, v.vrijgevallen, v.terugbetaald, v.overig, v.eindsaldo, v.grootboeksaldo]
                    for v in queries.verloopstaten(self.beschikking)]
            headers = [_("Jaar"), _("Beginsaldo"), _("Ontvangen"), _("Vrijgevallen"), _("Terugbetaald"), _("Overig"),
                       _("Eindsaldo"), _("Saldo grootboek")]
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
        if not str(versie).isdigit():
            raise Http404
        if not self.beschikking.verantwoordingen.filter(jaar=self.jaar(), versie=int(versie)).exists():
            raise Http404
        return int(versie)


class SisaView(SisaMixin, TemplateView):
    template_name = "spuk/sisa.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b, jaar, versie = self.beschikking, self.jaar(), self.versie()
        data, verantwoording = services.sisa_gegevens(b, jaar, versie)
        for regel in data["specificatie"] + data["niet_toegerekend"]:
            try:
                regel["post_url"] = reverse("grootboek:journaalpost", args=[regel["journaalpost_id"]])
            except NoReverseMatch:
                regel["post_url"] = None
        versies = list(b.verantwoordingen.filter(jaar=jaar).order_by("-versie"))
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
            versies=versies,
            geldend=services.geldende_verantwoording(b, jaar),
            title=_("SiSa-verantwoording %(jaar)s – %(nr)s") % {"jaar": jaar, "nr": b.nummer},
            mag_definitief=self.request.user.has_perm("spuk.financieel", b) and verantwoording is None,
            definitief_form=DefinitiefForm(),
            xlsx_url=reverse("spuk:sisa_download", args=[b.pk, jaar, "xlsx"]) + query,
            pdf_url=reverse("spuk:sisa_download", args=[b.pk, jaar, "pdf"]) + query,
        )
        return context

    def post(self, request, *args, **kwargs):
        b, jaar = self.beschikking, self.jaar()
        form = DefinitiefForm(request.POST)
        form.is_valid()
        try:
            v = services.maak_sisa_definitief(request.user, b, jaar, reden=form.cleaned_data.get("reden", ""))
        except ValidationError as exc:
            _messages_from(request, exc)
            return redirect("spuk:sisa", b.pk, jaar)
        messages.success(request, _("Versie %(v)s is definitief (controlegetal %(c)s).") % {"v": v.versie, "c": v.checksum[:12]})
        return redirect(v.get_absolute_url())


class SisaDownloadView(SisaMixin, View):
    """Generates the file through the Celery task function (run in-process) and serves it."""

    def get(self, request, *args, **kwargs):
        from .tasks import genereer_sisa_bestand

        formaat = self.kwargs["formaat"]
        if formaat not in ("xlsx", "pdf"):
            raise Http404
        result = genereer_sisa_bestand.apply(args=[self.beschikking.pk, self.jaar(), formaat, self.versie()]).get()
        with default_storage.open(result["pad"], "rb") as handle:
            inhoud = handle.read()
        response = HttpResponse(inhoud, content_type=result["content_type"])
        response["Content-Disposition"] = f'attachment; filename="{result["bestandsnaam"]}"'
        return response


class SisaRapportView(SisaMixin, View):
    """POST: queue the SiSa file as a background report; the report page shows progress and the download."""

    def post(self, request, *args, **kwargs):
        from core.services import vraag_rapport_aan

        formaat = self.kwargs["formaat"]
        if formaat not in ("xlsx", "pdf"):
            raise Http404
        parameters = {"beschikking_id": self.beschikking.pk, "jaar": self.jaar(), "versie": self.versie()}
        rapport = vraag_rapport_aan(request.user, f"sisa_{formaat}", parameters, self.beschikking.gemeente)
        return redirect(rapport)


def sisa_waarden_voor_pagina(data):
    """{nummer: value} as shown on the page (used by tests to compare with the XLSX)."""
    return {item["nummer"]: sisa.indicator_waarde(data, item["nummer"]) for item in data["indicatoren"]}
