"""Pages of mijlpalen. Thin: scope the objects (404 outside scope), check the permission (403) and
call services / queries."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core.lists import Column, TableView
from core.services import timeline

from . import queries, services, xlsx
from .charts import trend_chart
from .forms import BedragForm, ImportForm, MetingForm, MijlpalenFilterForm, StatusForm
from .models import Bewijsstuk, Indicator, Mijlpaal, MijlpaalBedrag, MijlpaalStatus
from .rules import buurten_voor

STATUS_LABELS = dict(MijlpaalStatus.Status.choices)


def _buurt_or_404(user, pk):
    return get_object_or_404(buurten_voor(user).select_related("gemeente", "alliantiepartner"), pk=pk)


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _xlsx_bytes_response(filename, data):
    from django.http import HttpResponse

    from core.xlsx import XLSX_CONTENT_TYPE

    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# ------------------------------------------------------------------------------ milestones


class MijlpalenView(TableView):
    permission_required = "mijlpalen.view_mijlpalen"
    title = _l("Mijlpalen")
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
        Column("landelijk", _l("Landelijke status"), sort="landelijk", value=lambda m: STATUS_LABELS.get(m.landelijk)),
    ]

    def get_base_queryset(self):
        qs = queries.mijlpalen_met_landelijke_status()
        user = self.request.user
        if not user.gemeente_ids:  # partners: only milestones of their buurten
            ids = buurten_voor(user).values("pk")
            qs = qs.filter(Q(bedragen__buurt__in=ids) | Q(statussen__buurt__in=ids)).distinct()
        return qs.annotate(
            deelnemend=Count("bedragen__buurt", distinct=True)
        )


@login_required
def mijlpaal_detail(request, pk):
    _require(request.user, "mijlpalen.view_mijlpalen")
    mijlpaal = get_object_or_404(Mijlpaal.objects.select_related("transformatieplan"), pk=pk)
    zichtbaar = buurten_voor(request.user)
    landelijk = queries.landelijke_status(mijlpaal)
    eigen_ids = set(zichtbaar.filter(pk__in=[b.pk for b in landelijk["deelnemend"]]).values_list("pk", flat=True))
    if not request.user.gemeente_ids and not eigen_ids:
        raise Http404
    statussen = {s.buurt_id: s for s in MijlpaalStatus.objects.filter(mijlpaal=mijlpaal, buurt_id__in=eigen_ids)}
    bedragen = {
        row["buurt_id"]: row
        for row in MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal, buurt_id__in=eigen_ids)
        .values("buurt_id")
        .annotate(sd=Sum("bedrag_sociaal_domein"), zorg=Sum("bedrag_zorg"))
    }
    rijen = [
        {"buurt": b, "status": statussen.get(b.pk), "bedragen": bedragen.get(b.pk)}
        for b in landelijk["deelnemend"] if b.pk in eigen_ids
    ]
    return render(request, "mijlpalen/mijlpaal_detail.html", {
        "mijlpaal": mijlpaal, "landelijk": landelijk, "rijen": rijen,
    })


@login_required
def mijlpaal_buurt(request, pk, buurt_pk):
    buurt = _buurt_or_404(request.user, buurt_pk)
    _require(request.user, "mijlpalen.view_buurt", buurt)
    mijlpaal = get_object_or_404(Mijlpaal, pk=pk, transformatieplan_id=buurt.transformatieplan_id)
    status = (
        MijlpaalStatus.objects.filter(mijlpaal=mijlpaal, buurt=buurt)
        .select_related("beoordelaar_organisatie", "vastgelegd_door").first()
    )
    mag_wijzigen = request.user.has_perm("mijlpalen.change_status", buurt)
    form = None
    if mag_wijzigen:
        initial = {"status": status.status if status else MijlpaalStatus.Status.OPEN}
        if status:
            initial.update(beoordeeld_op=status.beoordeeld_op, toelichting=status.toelichting,
                           beoordelaar=status.beoordelaar_organisatie)
        form = StatusForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.leg_status_vast(
                    request.user, mijlpaal, buurt, data["status"], data["beoordeeld_op"], data["toelichting"],
                    beoordelaar=data["beoordelaar"], bewijsstukken=[data["bewijsstuk"]] if data["bewijsstuk"] else (),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("De beoordeling van de mijlpaal is vastgelegd."))
                return redirect("mijlpalen:mijlpaal_buurt", pk=mijlpaal.pk, buurt_pk=buurt.pk)
    elif request.method == "POST":
        raise PermissionDenied
    bedragen = MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal, buurt=buurt).order_by("jaar")
    return render(request, "mijlpalen/mijlpaal_buurt.html", {
        "mijlpaal": mijlpaal, "buurt": buurt, "status": status, "form": form,
        "bedragen": bedragen,
        "bewijsstukken": status.bewijsstukken.select_related("geupload_door") if status else [],
        "tijdlijn": timeline(status) if status else [],
        "landelijk": queries.landelijke_status(mijlpaal),
    })


@login_required
def bewijsstuk(request, pk):
    stuk = get_object_or_404(
        Bewijsstuk.objects.select_related("status__buurt").filter(status__buurt__in=buurten_voor(request.user).values("pk")),
        pk=pk,
    )
    _require(request.user, "mijlpalen.view_bewijsstuk", stuk.status.buurt)
    response = FileResponse(stuk.bestand.open("rb"), content_type=stuk.content_type, as_attachment=True, filename=stuk.naam)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------ buurten


class BuurtenView(TableView):
    permission_required = "mijlpalen.view_mijlpalen"
    title = _l("Mijlpalen per buurt")
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
        money = DecimalField(max_digits=14, decimal_places=2)
        return buurten_voor(self.request.user).select_related("gemeente").annotate(
            aantal_mijlpalen=Count("mijlpaalbedragen__mijlpaal", distinct=True),
            totaal_sociaal_domein=Coalesce(Sum("mijlpaalbedragen__bedrag_sociaal_domein"), Value(0), output_field=money),
            totaal_zorg=Coalesce(Sum("mijlpaalbedragen__bedrag_zorg"), Value(0), output_field=money),
        )


@login_required
def overzicht(request, buurt_pk):
    buurt = _buurt_or_404(request.user, buurt_pk)
    _require(request.user, "mijlpalen.view_buurt", buurt)
    if request.GET.get("format") == "xlsx":
        return _xlsx_bytes_response(f"mijlpalenoverzicht-{buurt.naam}", xlsx.export_mijlpalenoverzicht(buurt))
    mag_wijzigen = request.user.has_perm("mijlpalen.change_bedragen", buurt)
    bedrag_form = BedragForm(buurt=buurt) if mag_wijzigen else None
    import_form = ImportForm() if mag_wijzigen else None
    if request.method == "POST":
        if not mag_wijzigen:
            raise PermissionDenied
        actie = request.POST.get("actie")
        if actie == "bedrag":
            bedrag_form = BedragForm(request.POST, buurt=buurt)
            if bedrag_form.is_valid():
                d = bedrag_form.cleaned_data
                try:
                    services.bewaar_bedrag(request.user, buurt, d["mijlpaal"], d["jaar"], d["bedrag_sociaal_domein"],
                                           d["bedrag_zorg"] or 0, d["risicodrager"])
                except ValidationError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("Het bedrag is opgeslagen."))
                    return redirect("mijlpalen:overzicht", buurt_pk=buurt.pk)
        elif actie == "import":
            import_form = ImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                try:
                    aantal = services.importeer_mijlpalenoverzicht(request.user, buurt, import_form.cleaned_data["bestand"])
                except ValidationError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("%(n)s mijlpaalbedragen ingelezen.") % {"n": aantal})
                    return redirect("mijlpalen:overzicht", buurt_pk=buurt.pk)
        elif actie == "verwijder":
            bedrag = get_object_or_404(MijlpaalBedrag, pk=request.POST.get("bedrag"), buurt=buurt)
            services.verwijder_bedrag(request.user, bedrag)
            messages.success(request, _("Het bedrag is verwijderd."))
            return redirect("mijlpalen:overzicht", buurt_pk=buurt.pk)
    data = queries.mijlpalenoverzicht(buurt)
    landelijk = dict(
        queries.mijlpalen_met_landelijke_status(
            Mijlpaal.objects.filter(pk__in={b.mijlpaal_id for b in data["bedragen"]})
        ).values_list("pk", "landelijk")
    )
    for b in data["bedragen"]:
        b.landelijk_label = STATUS_LABELS.get(landelijk.get(b.mijlpaal_id))
    toon_reconciliatie = request.user.has_perm("mijlpalen.view_reconciliatie", buurt)
    reconciliatie = queries.reconciliatie(buurt) if toon_reconciliatie else None
    return render(request, "mijlpalen/overzicht.html", {
        "buurt": buurt, "data": data, "bedrag_form": bedrag_form, "import_form": import_form,
        "mag_wijzigen": mag_wijzigen, "reconciliatie": reconciliatie,
        "verschillen": [r for r in reconciliatie or [] if not r["klopt"]],
        "soort_labels": dict(Mijlpaal.Soort.choices), "risico_labels": dict(MijlpaalBedrag.Risicodrager.choices),
    })


# ------------------------------------------------------------------------------ exposure


@login_required
def risico(request):
    _require(request.user, "mijlpalen.view_blootstelling")
    gemeenten = request.user.gemeente_ids
    data = queries.blootstelling(gemeenten=gemeenten)
    if request.GET.get("format") == "xlsx":
        return _xlsx_bytes_response("risico-terugbetaling", xlsx.export_blootstelling(data))
    return render(request, "mijlpalen/risico.html", {
        "data": data, "per_mijlpaal": queries.blootstelling_per_mijlpaal(gemeenten=gemeenten),
    })


# ------------------------------------------------------------------------------ KPI


@login_required
def kpi(request, buurt_pk):
    buurt = _buurt_or_404(request.user, buurt_pk)
    _require(request.user, "mijlpalen.view_kpi", buurt)
    if request.GET.get("format") == "xlsx":
        return _xlsx_bytes_response(f"kpi-metingen-{buurt.naam}", xlsx.export_metingen(buurt))
    mag_wijzigen = request.user.has_perm("mijlpalen.change_kpi", buurt)
    meting_form = MetingForm() if mag_wijzigen else None
    import_form = ImportForm() if mag_wijzigen else None
    if request.method == "POST":
        if not mag_wijzigen:
            raise PermissionDenied
        actie = request.POST.get("actie")
        if actie == "meting":
            meting_form = MetingForm(request.POST)
            if meting_form.is_valid():
                d = meting_form.cleaned_data
                try:
                    services.leg_meting_vast(request.user, buurt, d["indicator"], d["groep"], d["jaar"], d["waarde"],
                                             d["vergelijkingsbuurten"], d["bron"])
                except ValidationError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("De meting is vastgelegd."))
                    return redirect("mijlpalen:kpi", buurt_pk=buurt.pk)
        elif actie == "import":
            import_form = ImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                try:
                    aantal = services.importeer_metingen(request.user, buurt, import_form.cleaned_data["bestand"])
                except ValidationError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("%(n)s metingen ingelezen.") % {"n": aantal})
                    return redirect("mijlpalen:kpi", buurt_pk=buurt.pk)
    indicatoren = []
    for indicator in Indicator.objects.filter(metingen__buurt=buurt).distinct().order_by("naam"):
        reeks = queries.kpi_reeks(indicator, buurt)
        indicatoren.append({"indicator": indicator, "reeks": reeks, "chart": trend_chart(reeks, indicator)})
    return render(request, "mijlpalen/kpi.html", {
        "buurt": buurt, "indicatoren": indicatoren, "meting_form": meting_form, "import_form": import_form,
        "mag_wijzigen": mag_wijzigen, "alle_indicatoren": Indicator.objects.all(),
    })

