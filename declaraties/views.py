"""Thin views: scope the object (404 outside scope), check the permission (403), call a service."""
import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.lists import Column, TableView
from core.money import format_bedrag
from core.services import timeline

from . import queries, services
from .forms import (
    BetalingenFilter,
    BetalingForm,
    DeclaratieForm,
    PartnerFilter,
    RedenForm,
    ToekenningForm,
    WerkvoorraadFilter,
)
from .models import Declaratie, Toekenning
from .rules import scope_declaraties, scope_toekenningen


def _scoped(request, pk, perm="declaraties.view_declaratie"):
    declaratie = get_object_or_404(
        scope_declaraties(Declaratie.objects.select_related("partner", "buurt", "gemeente", "begrotingsregel__activiteit"), request.user),
        pk=pk,
    )
    if not request.user.has_perm(perm, declaratie):
        raise PermissionDenied
    return declaratie


def _error_text(exc):
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or _("U mag dit niet doen.")


def _journaalpost_url(post):
    try:
        return post.get_absolute_url()
    except NoReverseMatch:
        return None


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
        mijn = Declaratie.objects.filter(partner=organisatie)
        context["aanpassing_gevraagd"] = list(mijn.filter(status=Declaratie.Status.WIJZIGING_GEVRAAGD).select_related("buurt"))
        context["concepten"] = list(mijn.filter(status=Declaratie.Status.CONCEPT).select_related("buurt")[:10])
        context["toekenningen"] = list(
            Toekenning.objects.filter(partner=organisatie).select_related("buurt").order_by("buurt__naam", "jaar")
        )
        return context


class MijnDeclaratiesView(TableView):
    permission_required = "declaraties.view_portaal"
    title = gettext_lazy("Mijn declaraties")
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
        return Declaratie.objects.filter(partner_id=self.request.user.organisatie_id).select_related(
            "buurt", "begrotingsregel__activiteit"
        )


def _regels_voor_form(user, declaratie=None):
    regels = queries.partner_regels(user.organisatie)
    if declaratie is not None and declaratie.begrotingsregel_id not in {r.pk for r in regels}:
        regels.append(declaratie.begrotingsregel)
    return regels


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def declaratie_form(request, pk=None):
    """New declaration or edit a concept / a declaration with a change request.

    "Bewaren als concept" keeps whatever is valid; "Indienen" keeps it too and then submits. On any
    error the page comes back with everything typed (and the attachments already saved)."""
    user = request.user
    declaratie = None
    if pk is not None:
        declaratie = _scoped(request, pk, "declaraties.change_declaratie")
    if not user.has_perm("declaraties.view_portaal"):
        raise PermissionDenied
    regels = _regels_voor_form(user, declaratie)
    if request.method == "POST":
        form = DeclaratieForm(request.POST, request.FILES, regels=regels)
        form.is_valid()
        velden = form.concept_velden()
        if "begrotingsregel" in velden or declaratie is not None:
            try:
                declaratie = services.bewaar_concept(user, declaratie, **velden)
            except ValidationError as exc:
                _add_errors(form, exc)
            if declaratie is not None and declaratie.pk:
                for upload in getattr(form, "geldige_bijlagen", []):
                    try:
                        services.voeg_bijlage_toe(user, declaratie, upload)
                    except ValidationError as exc:
                        form.add_error("bijlagen", exc.messages)
        indienen = "indienen" in request.POST
        if declaratie is not None and declaratie.pk and indienen and not form.errors:
            try:
                declaratie = services.dien_in(user, declaratie)
                messages.success(request, _("Declaratie %(nr)s is ingediend. U krijgt bericht zodra zij is beoordeeld.")
                                 % {"nr": declaratie.nummer})
                return redirect(declaratie.get_absolute_url())
            except ValidationError as exc:
                _add_errors(form, exc)
        if not form.errors and declaratie is not None and declaratie.pk:
            messages.success(request, _("Uw declaratie is als concept bewaard."))
            return redirect("declaraties:bewerken", pk=declaratie.pk)
        if declaratie is not None and declaratie.pk:
            messages.info(request, _("Wat u heeft ingevuld is bewaard als concept. Los de gemarkeerde punten op."))
    else:
        initial = {}
        if declaratie is not None:
            initial = {
                "begrotingsregel": declaratie.begrotingsregel_id, "periode_van": declaratie.periode_van,
                "periode_tot": declaratie.periode_tot, "bedrag": declaratie.bedrag, "uren": declaratie.uren,
                "omschrijving": declaratie.omschrijving, "factuurnummer": declaratie.factuurnummer,
                "niet_elders_gefinancierd": declaratie.niet_elders_gefinancierd,
            }
        elif request.GET.get("regel"):
            initial["begrotingsregel"] = request.GET["regel"]
        form = DeclaratieForm(initial=initial, regels=regels)
    action = reverse("declaraties:bewerken", args=[declaratie.pk]) if declaratie is not None and declaratie.pk else reverse("declaraties:nieuw")
    return render(request, "declaraties/form.html", {
        "form": form, "declaratie": declaratie if declaratie is not None and declaratie.pk else None, "action": action,
        "bijlagen": list(declaratie.bijlagen.all()) if declaratie is not None and declaratie.pk else [],
        "geen_regels": not regels,
    })


@require_POST
@login_required
def bijlage_verwijderen(request, pk, bijlage_pk):
    declaratie = _scoped(request, pk, "declaraties.change_declaratie")
    bijlage = get_object_or_404(declaratie.bijlagen, pk=bijlage_pk)
    services.verwijder_bijlage(request.user, bijlage)
    messages.success(request, _("Bijlage ‘%(naam)s’ is verwijderd.") % {"naam": bijlage.naam})
    return redirect("declaraties:bewerken", pk=declaratie.pk)


@login_required
def bijlage(request, pk, bijlage_pk):
    """Serve an attachment only to who may see the declaration (404 otherwise)."""
    declaratie = _scoped(request, pk)
    item = get_object_or_404(declaratie.bijlagen, pk=bijlage_pk)
    try:
        handle = item.bestand.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.naam)
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Detail (partner and staff) and PDF
# ---------------------------------------------------------------------------------------------


@login_required
def detail(request, pk):
    declaratie = _scoped(request, pk)
    user = request.user
    journaalpost = None
    journaalregels = []
    # The declaratie is already scoped to the user's gemeente; the ledger itself is for finance and controle.
    mag_grootboek_zien = user.has_perm("grootboek.view_grootboek")
    if declaratie.journaalpost_id and mag_grootboek_zien:
        journaalpost = declaratie.journaalpost
        journaalregels = list(journaalpost.regels.select_related("rekening", "relatie").order_by("id"))
    betaling = declaratie.betaling
    context = {
        "declaratie": declaratie,
        "is_partner_view": user.is_partner and declaratie.partner_id == user.organisatie_id,
        "bijlagen": list(declaratie.bijlagen.all()),
        "tijdlijn": list(timeline(declaratie)),
        "beoordelingen": list(declaratie.beoordelingen.select_related("beoordelaar")),
        "journaalpost": journaalpost,
        "journaalpost_url": _journaalpost_url(journaalpost) if journaalpost else None,
        "journaalregels": journaalregels,
        "betaling": betaling,
        "betaling_post": betaling.journaalpost if betaling and mag_grootboek_zien else None,
        "kan_bewerken": user.has_perm("declaraties.change_declaratie", declaratie),
        "kan_beoordelen": user.has_perm("declaraties.beoordeel", declaratie) and declaratie.status in Declaratie.IN_BEHANDELING,
        "reden_form": RedenForm(),
        "zelf_ingediend": user.pk in (declaratie.ingediend_door_id, declaratie.aangemaakt_door_id),
        "al_goedgekeurd": queries.goedkeuringen_in_ronde(declaratie).filter(beoordelaar=user).exists(),
    }
    if user.has_perm("declaraties.beoordeel", declaratie) or user.has_role("controle", "beleid"):
        regel = declaratie.begrotingsregel
        context["budget"] = {
            "regel": regel,
            "resterend_gereserveerd": queries.resterend_op_regel(regel, oorsprong_id=declaratie.regel_oorsprong_id),
            "resterend_goedgekeurd": queries.resterend_op_regel(
                regel, Declaratie.GOEDGEKEURDE_STATUSSEN, oorsprong_id=declaratie.regel_oorsprong_id
            ),
            "drempel": services.drempel(declaratie),
            "benodigd": services.benodigde_goedkeuringen(declaratie),
            "goedkeuringen": list(queries.goedkeuringen_in_ronde(declaratie)),
            "toekenning": queries.toekenning_voor(declaratie.partner_id, declaratie.buurt_id, declaratie.bestedingsjaar),
        }
        if context["budget"]["toekenning"]:
            context["budget"]["resterend_plafond"] = queries.resterend_plafond(context["budget"]["toekenning"])
    return render(request, "declaraties/detail.html", context)


@require_POST
@login_required
def beoordeel(request, pk):
    declaratie = _scoped(request, pk, "declaraties.beoordeel")
    actie = request.POST.get("actie")
    reden = request.POST.get("reden", "")
    try:
        if actie == "goedkeuren":
            declaratie = services.keur_goed(request.user, declaratie)
            if declaratie.status == Declaratie.Status.GEBOEKT:
                messages.success(request, _("Declaratie %(nr)s is goedgekeurd en geboekt (journaalpost %(post)s).")
                                 % {"nr": declaratie.nummer, "post": declaratie.journaalpost.stuknummer})
            else:
                messages.success(request, _("Eerste goedkeuring vastgelegd. Een tweede medewerker van Financiën moet "
                                            "declaratie %(nr)s nog goedkeuren.") % {"nr": declaratie.nummer})
        elif actie == "wijziging":
            services.vraag_wijziging(request.user, declaratie, reden)
            messages.success(request, _("De partner is gevraagd declaratie %(nr)s aan te passen.") % {"nr": declaratie.nummer})
        elif actie == "afwijzen":
            services.wijs_af(request.user, declaratie, reden)
            messages.success(request, _("Declaratie %(nr)s is afgewezen.") % {"nr": declaratie.nummer})
        else:
            messages.error(request, _("Onbekende actie."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("declaraties:detail", pk=declaratie.pk)


@login_required
def pdf(request, pk):
    from .pdf import declaratie_pdf

    declaratie = _scoped(request, pk)
    response = HttpResponse(declaratie_pdf(declaratie), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="declaratie-{declaratie.nummer or declaratie.pk}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Finance: work list, batch approval, payments
# ---------------------------------------------------------------------------------------------


class WerkvoorraadView(TableView):
    permission_required = "declaraties.view_werkvoorraad"
    title = gettext_lazy("Declaraties – werkvoorraad")
    intro = gettext_lazy("Ingediende declaraties van partners. Selecteer declaraties om ze in één keer goed te keuren; "
                         "dezelfde regels gelden als bij één declaratie (vier ogen, budget en plafond).")
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
        context["kan_goedkeuren"] = self.request.user.has_role("financien")
        for row in context["rows"]:
            row["selectable"] = row["object"].status in Declaratie.IN_BEHANDELING
        return context


def _gekozen(request, queryset):
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    return list(queryset.filter(pk__in=ids).order_by("pk"))


@require_POST
@login_required
def batch_goedkeuren(request):
    if not request.user.has_role("financien"):
        raise PermissionDenied
    gekozen = _gekozen(request, scope_declaraties(Declaratie.objects.all(), request.user))
    if not gekozen:
        messages.error(request, _("Selecteer eerst één of meer declaraties."))
    for _d, ok, bericht in services.keur_goed_batch(request.user, gekozen):
        (messages.success if ok else messages.error)(request, bericht)
    return redirect(request.POST.get("terug") or reverse("declaraties:werkvoorraad"))


class BetalingenView(TableView):
    permission_required = "declaraties.view_betalingen"
    title = gettext_lazy("Betalingen")
    intro = gettext_lazy("Goedgekeurde en geboekte declaraties die nog betaald moeten worden. Exporteer de betaallijst "
                         "voor het ERP-systeem en registreer daarna de betaling (boekt Crediteuren / Bank).")
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
        Column("boeking", gettext_lazy("Boeking"), value=lambda d: d.journaalpost.stuknummer if d.journaalpost_id else None),
        Column("status", gettext_lazy("Status"), sort="status", value=lambda d: str(d.get_status_display())),
        Column("betaaldatum", gettext_lazy("Betaaldatum"), value=lambda d: d.betaling.betaaldatum if d.betaling_id else None),
        Column("kenmerk", gettext_lazy("Betalingskenmerk"), value=lambda d: d.betaling.referentie if d.betaling_id else None),
    ]

    def get_base_queryset(self):
        return scope_declaraties(
            Declaratie.objects.filter(status__in=Declaratie.GOEDGEKEURDE_STATUSSEN), self.request.user
        ).select_related("partner", "journaalpost", "betaling")

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
                row.append("" if value is None else value)
            writer.writerow(row)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="betaallijst.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["betaling_form"] = kwargs.get("betaling_form") or BetalingForm()
        context["kan_betalen"] = self.request.user.has_role("financien")
        for row in context["rows"]:
            row["selectable"] = row["object"].status == Declaratie.Status.GEBOEKT
        csv_query = self.request.GET.copy()
        csv_query["format"] = "csv"
        csv_query.pop("page", None)
        context["csv_query"] = csv_query.urlencode()
        return context


@require_POST
@login_required
def betaling_registreren(request):
    if not request.user.has_role("financien"):
        raise PermissionDenied
    form = BetalingForm(request.POST)
    gekozen = _gekozen(request, scope_declaraties(Declaratie.objects.all(), request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("declaraties:betalingen")
    try:
        betalingen = services.registreer_betaling(
            request.user, gekozen, form.cleaned_data["betaaldatum"], form.cleaned_data["referentie"]
        )
        for betaling in betalingen:
            messages.success(request, _("Betaling van %(n)s declaratie(s), totaal %(t)s, is geregistreerd en geboekt (%(post)s).")
                             % {"n": betaling.declaraties.count(), "t": format_bedrag(betaling.totaal),
                                "post": betaling.journaalpost.stuknummer})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("declaraties:betalingen")


# ---------------------------------------------------------------------------------------------
# Toekenningen (ceilings)
# ---------------------------------------------------------------------------------------------


class ToekenningenView(TableView):
    permission_required = "declaraties.view_toekenningen"
    title = gettext_lazy("Toekenningen aan partners")
    intro = gettext_lazy("Wat een partner per buurt en bestedingsjaar hoogstens mag declareren. Zonder toekenning geldt "
                         "alleen het budget van de begrotingsregels.")
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
        return scope_toekenningen(Toekenning.objects.select_related("buurt", "partner"), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("declaraties.beheer_toekenningen_pagina"):
            context["toekenning_form"] = kwargs.get("toekenning_form") or ToekenningForm(user=self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("declaraties.beheer_toekenningen_pagina"):
            raise PermissionDenied
        form = ToekenningForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.leg_toekenning_vast(request.user, **form.cleaned_data)
                messages.success(request, _("De toekenning is vastgelegd."))
                return redirect("declaraties:toekenningen")
            except ValidationError as exc:
                _add_errors(form, exc)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(toekenning_form=form))
