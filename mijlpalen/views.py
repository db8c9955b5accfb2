"""Pages of mijlpalen. Thin: the buurt from the user's scope with `get_or_deny` (404 outside scope,
403 without the permission), reads from `queries`, changes through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core.access import get_or_deny, require
from core.actions import ActionView, report_errors
from core.documents import private_response, serve_private
from core.lists import Column, TableView
from core.services import timeline
from core.xlsx import XLSX_CONTENT_TYPE

from . import queries, services, xlsx
from .charts import trend_chart
from .forms import (
    BedragForm,
    ImportForm,
    KoppelActiviteitenForm,
    LandelijkOordeelForm,
    MetingForm,
    MijlpalenFilterForm,
    StatusForm,
    WijzigingForm,
)
from .models import Bewijsstuk, Indicator, LandelijkOordeel, Mijlpaal, MijlpaalBedrag, MijlpaalStatus

STATUS_LABELS = dict(MijlpaalStatus.Status.choices)


def status_label(mijlpaal):
    """The national status; an open milestone past its deadline says so (not plain "Open")."""
    if queries.is_te_laat(mijlpaal):
        return _("Open – te laat sinds %(datum)s") % {"datum": date_format(mijlpaal.deadline, "j F Y")}
    return STATUS_LABELS.get(mijlpaal.landelijk)


def _buurt(request, pk, perm):
    return get_or_deny(
        request.user,
        queries.buurten_voor(request.user).select_related("gemeente").prefetch_related("alliantiepartners"),
        pk,
        perm,
    )


def _xlsx_bytes_response(filename, data):
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return private_response(response)


# ------------------------------------------------------------------------------ milestones


class MijlpalenView(TableView):
    permission_required = "mijlpalen.view_mijlpalen"
    title = _l("Mijlpalen")
    empty_noun = _l("mijlpalen")
    intro = _l(
        "De mijlpalen van het transformatieplan met hun landelijke status: een mijlpaal is pas behaald "
        "als hij in alle deelnemende buurten is behaald."
    )
    export_filename = "mijlpalen"
    default_sort = "nummer"
    filter_form_class = MijlpalenFilterForm
    template_name = "mijlpalen/mijlpalen_lijst.html"
    columns = [
        Column("nummer", _l("Nr."), sort="nummer"),
        Column("omschrijving", _l("Omschrijving"), sort="omschrijving", link=True),
        Column("soort", _l("Soort"), sort="soort", value=lambda m: m.get_soort_display()),
        Column("deadline", _l("Deadline"), sort="deadline"),
        Column("deelnemend", _l("Buurten met bedragen"), sort="deelnemend"),
        Column("landelijk", _l("Landelijke status"), sort="landelijk", value=lambda m: status_label(m)),
    ]

    def get_base_queryset(self):
        return queries.mijlpalen_voor(self.request.user)


@login_required
def mijlpaal_detail(request, pk):
    require(request.user, "mijlpalen.view_mijlpalen")
    # Milestones are national (not scoped); what a user sees of them per buurt is.
    mijlpaal = get_object_or_404(Mijlpaal.objects.select_related("transformatieplan"), pk=pk)
    data = queries.mijlpaal_per_buurt(mijlpaal, request.user)
    if data is None:
        raise Http404
    oordelen = queries.landelijke_oordelen(mijlpaal)
    return render(
        request,
        "mijlpalen/mijlpaal_detail.html",
        {
            "mijlpaal": mijlpaal,
            **data,
            "oordelen": oordelen,
            "oordeel": oordelen[0] if oordelen else None,
            "oordeel_form": LandelijkOordeelForm()
            if request.user.has_perm("mijlpalen.leg_landelijk_oordeel_vast", mijlpaal)
            else None,
            "mag_bewijs": request.user.has_perm("mijlpalen.view_landelijk_oordeel"),
            "tijdlijn": timeline(mijlpaal) if request.user.has_perm("mijlpalen.view_landelijk_oordeel") else [],
        },
    )


class LandelijkOordeelVastleggen(ActionView):
    """Beleid records the coordinating insurer's national judgement (with evidence)."""

    form_class = LandelijkOordeelForm
    success_message = _l("Het landelijk oordeel is vastgelegd.")

    def get_object(self):
        require(self.request.user, "mijlpalen.view_mijlpalen")
        mijlpaal = get_object_or_404(Mijlpaal, pk=self.kwargs["pk"])
        # Refuse before the form is read: who may not record a judgement learns nothing from its errors.
        require(self.request.user, "mijlpalen.leg_landelijk_oordeel_vast", mijlpaal)
        return mijlpaal

    def perform(self, mijlpaal, form):
        data = form.cleaned_data
        return services.leg_landelijk_oordeel_vast(
            self.request.user,
            mijlpaal,
            uitkomst=data["uitkomst"],
            beoordelaar=data["beoordelaar"],
            beoordeeld_op=data["beoordeeld_op"],
            toelichting=data["toelichting"],
            bewijsstuk=data["bewijsstuk"],
        )

    def get_success_url(self, mijlpaal, result):
        return mijlpaal.get_absolute_url()


@login_required
def landelijk_bewijs(request, pk):
    oordeel = get_object_or_404(LandelijkOordeel, pk=pk)
    return serve_private(request, oordeel, "mijlpalen.view_landelijk_oordeel")


def _concept_plan(buurt):
    laatste = buurt.buurtplannen.order_by("-versie").first()
    return laatste if laatste is not None and not laatste.is_vastgesteld else None


class ActiviteitenKoppelen(ActionView):
    """Beleid sets which activities of the buurt's concept plan serve the milestone."""

    success_message = _l("De activiteiten van de mijlpaal zijn opgeslagen.")

    def get_object(self):
        return _buurt(self.request, self.kwargs["buurt_pk"], "mijlpalen.change_bedragen")

    def get_success_url(self, buurt, result):
        return reverse("mijlpalen:mijlpaal_buurt", args=[self.kwargs["pk"], buurt.pk]) + "#activiteiten"

    def get_failure_url(self, buurt):
        return self.get_success_url(buurt, None)

    def perform(self, buurt, form):
        mijlpaal = get_object_or_404(Mijlpaal, pk=self.kwargs["pk"])
        plan = _concept_plan(buurt)
        if plan is None:
            raise ValidationError(
                _("Het buurtplan is vastgesteld; maak een nieuwe versie om de koppeling van activiteiten te wijzigen.")
            )
        form = KoppelActiviteitenForm(self.request.POST, buurtplan=plan)
        if not form.is_valid():
            raise ValidationError(_("Kies alleen activiteiten uit de conceptversie van het buurtplan."))
        return services.koppel_activiteiten(self.request.user, mijlpaal, plan, form.cleaned_data["activiteiten"])


class ToegekendBedragWijzigen(ActionView):
    """Beleid amends a granted milestone amount (a new version with a reason)."""

    form_class = WijzigingForm
    success_message = _l("Het toegekende mijlpaalbedrag is gewijzigd; de wijziging is vastgelegd.")

    def get_object(self):
        return _buurt(self.request, self.kwargs["buurt_pk"], "mijlpalen.change_bedragen")

    def get_success_url(self, buurt, result):
        return reverse("mijlpalen:mijlpaal_buurt", args=[self.kwargs["pk"], buurt.pk]) + "#bedragen"

    def get_failure_url(self, buurt):
        return self.get_success_url(buurt, None)

    def perform(self, buurt, form):
        data = form.cleaned_data
        bedrag = get_object_or_404(MijlpaalBedrag, pk=data["bedrag"], buurt=buurt, mijlpaal_id=self.kwargs["pk"])
        return services.wijzig_toegekend_bedrag(
            self.request.user,
            bedrag,
            bedrag_sociaal_domein=data["bedrag_sociaal_domein"],
            bedrag_zorg=data["bedrag_zorg"],
            reden=data["reden"],
        )


@login_required
def mijlpaal_buurt(request, pk, buurt_pk):
    buurt = _buurt(request, buurt_pk, "mijlpalen.view_buurt")
    mijlpaal = get_object_or_404(Mijlpaal, pk=pk, transformatieplan_id=buurt.transformatieplan_id)
    status = queries.status_van(mijlpaal, buurt)
    form = None
    if request.method == "POST":
        require(request.user, "mijlpalen.change_status", buurt)
    if request.user.has_perm("mijlpalen.change_status", buurt):
        initial = {"status": status.status if status else MijlpaalStatus.Status.OPEN}
        if status:
            initial.update(
                beoordeeld_op=status.beoordeeld_op,
                toelichting=status.toelichting,
                beoordelaar=status.beoordelaar_organisatie,
            )
        form = StatusForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.leg_status_vast(
                    request.user,
                    mijlpaal,
                    buurt,
                    data["status"],
                    data["beoordeeld_op"],
                    data["toelichting"],
                    beoordelaar=data["beoordelaar"],
                    bewijsstukken=[data["bewijsstuk"]] if data["bewijsstuk"] else (),
                )
            except ValidationError as exc:
                # Messages keyed by a form field land at that field, the rest above the form.
                form.add_error(None, exc)
            else:
                messages.success(request, _("De beoordeling van de mijlpaal is vastgelegd."))
                return redirect("mijlpalen:mijlpaal_buurt", pk=mijlpaal.pk, buurt_pk=buurt.pk)
    mag_bedragen = request.user.has_perm("mijlpalen.change_bedragen", buurt)
    concept = _concept_plan(buurt)
    geldend = buurt.vastgestelde_versie()
    gekoppeld = queries.activiteiten_per_mijlpaal(concept).get(mijlpaal.pk, []) if concept else []
    bedragen = list(
        MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal, buurt=buurt).prefetch_related("wijzigingen").order_by("jaar")
    )
    return render(
        request,
        "mijlpalen/mijlpaal_buurt.html",
        {
            "mijlpaal": mijlpaal,
            "buurt": buurt,
            "status": status,
            "form": form,
            "bedragen": bedragen,
            "mag_bedragen": mag_bedragen,
            "wijziging_form": WijzigingForm() if mag_bedragen and any(b.is_toegekend for b in bedragen) else None,
            "concept_plan": concept,
            "koppel_form": KoppelActiviteitenForm(buurtplan=concept, initial={"activiteiten": gekoppeld})
            if concept and mag_bedragen
            else None,
            "activiteiten_geldend": geldend.activiteiten.filter(mijlpaalkoppelingen__mijlpaal=mijlpaal).order_by("naam")
            if geldend
            else [],
            "geldend_plan": geldend,
            "bewijsstukken": status.bewijsstukken.select_related("geupload_door") if status else [],
            "tijdlijn": timeline(status) if status else [],
            "landelijk": queries.landelijke_status(mijlpaal),
        },
    )


@login_required
def bewijsstuk(request, pk):
    stuk = get_or_deny(request.user, Bewijsstuk.objects.select_related("status__buurt"), pk)
    return serve_private(request, stuk, "mijlpalen.view_bewijsstuk")


# ------------------------------------------------------------------------------ buurten


class BuurtenView(TableView):
    permission_required = "mijlpalen.view_mijlpalen"
    title = _l("Mijlpalen per buurt")
    empty_noun = _l("buurten met mijlpalen")
    intro = _l("Het mijlpalenoverzicht, de aansluiting op de buurtbegroting en de KPI-monitor per buurt.")
    export_filename = "mijlpalen-per-buurt"
    default_sort = "naam"
    template_name = "mijlpalen/buurten.html"
    columns = [
        Column("naam", _l("Buurt"), sort="naam"),
        Column("gemeente.naam", _l("Gemeente"), sort="gemeente__naam"),
        Column("aantal_mijlpalen", _l("Mijlpalen"), sort="aantal_mijlpalen"),
        Column("totaal_sociaal_domein", _l("Sociaal domein"), sort="totaal_sociaal_domein", money=True),
        Column("totaal_zorg", _l("Zorg"), sort="totaal_zorg", money=True),
    ]

    def get_base_queryset(self):
        return queries.buurten_met_totalen(self.request.user)


class BedragVerwijderen(ActionView):
    """The remove button next to an amount of the mijlpalenoverzicht."""

    success_message = _l("Het bedrag is verwijderd.")

    def get_object(self):
        return _buurt(self.request, self.kwargs["buurt_pk"], "mijlpalen.change_bedragen")

    def get_success_url(self, buurt, result):
        return reverse("mijlpalen:overzicht", kwargs={"buurt_pk": buurt.pk})

    def get_failure_url(self, buurt):
        return self.get_success_url(buurt, None)

    def perform(self, buurt, form):
        bedrag = get_object_or_404(MijlpaalBedrag, pk=self.request.POST.get("bedrag"), buurt=buurt)
        services.verwijder_bedrag(self.request.user, bedrag)


def _formulier_actie(request, form, uitvoeren, succes):
    """Run a page form: returns a redirect when done, else None (the page shows the form's errors)."""
    if not form.is_valid():
        return None
    try:
        result = uitvoeren(form.cleaned_data)
    except ValidationError as exc:
        report_errors(request, exc)
        return None
    messages.success(request, succes(result))
    return redirect(request.path)


@login_required
def overzicht(request, buurt_pk):
    buurt = _buurt(request, buurt_pk, "mijlpalen.view_buurt")
    if request.GET.get("format") == "xlsx":
        return _xlsx_bytes_response(f"mijlpalenoverzicht-{buurt.naam}", xlsx.export_mijlpalenoverzicht(buurt))
    mag_wijzigen = request.user.has_perm("mijlpalen.change_bedragen", buurt)
    bedrag_form = BedragForm(buurt=buurt) if mag_wijzigen else None
    import_form = ImportForm() if mag_wijzigen else None
    if request.method == "POST":
        require(request.user, "mijlpalen.change_bedragen", buurt)
        actie = request.POST.get("actie")
        if actie == "verwijder":
            return BedragVerwijderen.as_view()(request, buurt_pk=buurt.pk)
        if actie == "bedrag":
            bedrag_form = BedragForm(request.POST, buurt=buurt)
            done = _formulier_actie(
                request,
                bedrag_form,
                lambda d: services.bewaar_bedrag(
                    request.user,
                    buurt,
                    d["mijlpaal"],
                    d["jaar"],
                    d["bedrag_sociaal_domein"],
                    d["bedrag_zorg"] or 0,
                    d["risicodrager"],
                ),
                lambda result: _("Het bedrag is opgeslagen."),
            )
        elif actie == "import":
            import_form = ImportForm(request.POST, request.FILES)
            done = _formulier_actie(
                request,
                import_form,
                lambda d: services.importeer_mijlpalenoverzicht(request.user, buurt, d["bestand"]),
                lambda aantal: _("%(n)s mijlpaalbedragen ingelezen.") % {"n": aantal},
            )
        else:
            done = None
        if done is not None:
            return done
    data = queries.mijlpalenoverzicht(buurt)
    landelijk = queries.landelijk_per_bedrag(data["bedragen"])
    for b in data["bedragen"]:
        b.landelijk_label = STATUS_LABELS.get(landelijk.get(b.mijlpaal_id))
    toon_reconciliatie = request.user.has_perm("mijlpalen.view_reconciliatie", buurt)
    reconciliatie = queries.reconciliatie(buurt) if toon_reconciliatie else None
    return render(
        request,
        "mijlpalen/overzicht.html",
        {
            "buurt": buurt,
            "data": data,
            "bedrag_form": bedrag_form,
            "import_form": import_form,
            "mag_wijzigen": mag_wijzigen,
            "reconciliatie": reconciliatie,
            "verschillen": [r for r in reconciliatie or [] if not r["klopt"]],
            "soort_labels": dict(Mijlpaal.Soort.choices),
            "risico_labels": dict(MijlpaalBedrag.Risicodrager.choices),
        },
    )


# ------------------------------------------------------------------------------ exposure


@login_required
def risico(request):
    require(request.user, "mijlpalen.view_blootstelling")
    gemeenten = request.user.gemeente_ids
    data = queries.blootstelling(gemeenten=gemeenten)
    if request.GET.get("format") == "xlsx":
        return _xlsx_bytes_response("risico-terugbetaling", xlsx.export_blootstelling(data))
    return render(
        request,
        "mijlpalen/risico.html",
        {
            "data": data,
            "per_mijlpaal": queries.blootstelling_per_mijlpaal(gemeenten=gemeenten),
        },
    )


# ------------------------------------------------------------------------------ KPI


@login_required
def kpi(request, buurt_pk):
    buurt = _buurt(request, buurt_pk, "mijlpalen.view_kpi")
    if request.GET.get("format") == "xlsx":
        return _xlsx_bytes_response(f"kpi-metingen-{buurt.naam}", xlsx.export_metingen(buurt))
    mag_wijzigen = request.user.has_perm("mijlpalen.change_kpi", buurt)
    meting_form = MetingForm() if mag_wijzigen else None
    import_form = ImportForm() if mag_wijzigen else None
    if request.method == "POST":
        require(request.user, "mijlpalen.change_kpi", buurt)
        actie = request.POST.get("actie")
        done = None
        if actie == "meting":
            meting_form = MetingForm(request.POST)
            done = _formulier_actie(
                request,
                meting_form,
                lambda d: services.leg_meting_vast(
                    request.user,
                    buurt,
                    d["indicator"],
                    d["groep"],
                    d["jaar"],
                    d["waarde"],
                    d["vergelijkingsbuurten"],
                    d["bron"],
                ),
                lambda result: _("De meting is vastgelegd."),
            )
        elif actie == "import":
            import_form = ImportForm(request.POST, request.FILES)
            done = _formulier_actie(
                request,
                import_form,
                lambda d: services.importeer_metingen(request.user, buurt, d["bestand"]),
                lambda aantal: _("%(n)s metingen ingelezen.") % {"n": aantal},
            )
        if done is not None:
            return done
    indicatoren = [
        {"indicator": indicator, "reeks": reeks, "chart": trend_chart(reeks, indicator)}
        for indicator, reeks in queries.kpi_indicatoren(buurt)
    ]
    return render(
        request,
        "mijlpalen/kpi.html",
        {
            "buurt": buurt,
            "indicatoren": indicatoren,
            "meting_form": meting_form,
            "import_form": import_form,
            "mag_wijzigen": mag_wijzigen,
            "alle_indicatoren": Indicator.objects.all(),
        },
    )
