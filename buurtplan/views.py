"""Pages of buurtplan: national overview, buurt detail with tabs, budget editor, signatures."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.lists import Column, TableView
from core.models import Organisatie
from core.services import timeline
from core.xlsx import XLSX_CONTENT_TYPE

from . import services
from .compliance import compliance, vaststelling_blokkades
from .forms import (
    ActiviteitForm,
    BeoordelingForm,
    BuurtFilterForm,
    BuurtForm,
    ImportForm,
    NetwerklidForm,
    OndertekeningForm,
    RedenForm,
    RegelFormSet,
    ThemaKeuzeForm,
)
from .models import Begrotingsregel, Buurt, Netwerklid, Ondertekening, Thema
from .queries import begroting_verschil, buurten_overzicht_queryset, buurten_zichtbaar_voor, totalen_tabel
from .rules import scope_regels_voor

# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------


def _compliance(buurt):
    if not hasattr(buurt, "_compliance_cache"):
        buurt._compliance_cache = compliance(buurt)
    return buurt._compliance_cache


def _compliance_label(buurt):
    berichten = _compliance(buurt)
    if not berichten:
        return _("In orde")
    return _("%(n)s aandachtspunt(en)") % {"n": len(berichten)}


def _get_buurt(request, pk, perm="buurtplan.view_buurt"):
    """The buurt from the user's scope (404 outside it), then the role check (403)."""
    buurt = get_object_or_404(
        buurten_zichtbaar_voor(request.user).select_related("gemeente", "alliantiepartner", "transformatieplan"), pk=pk
    )
    if not request.user.has_perm(perm, buurt):
        raise PermissionDenied
    return buurt


def _get_versie(buurt, versie=None, request=None):
    plannen = buurt.buurtplannen.select_related("begroting", "vastgesteld_door")
    if versie is None and request is not None:
        try:
            versie = int(request.GET.get("versie", "") or 0) or None
        except ValueError:
            versie = None
    if versie is None:
        return plannen.order_by("-versie").first()
    return get_object_or_404(plannen, versie=versie)


def _tabs(request, buurt):
    user = request.user
    tabs = [("buurtplan:buurt_detail", _("Overzicht"), "buurtplan.view_buurt")]
    tabs += [
        ("buurtplan:buurt_netwerk", _("Netwerk"), "buurtplan.view_netwerk"),
        ("buurtplan:buurt_plan", _("Plan"), "buurtplan.view_buurt"),
        ("buurtplan:buurt_begroting", _("Begroting"), "buurtplan.view_buurt"),
        ("buurtplan:buurt_ondertekeningen", _("Ondertekeningen"), "buurtplan.view_ondertekeningen"),
    ]
    result = []
    for url_name, label, perm in tabs:
        if user.has_perm(perm, buurt):
            url = reverse(url_name, args=[buurt.pk])
            result.append({"url": url, "label": label, "current": request.path == url})
    return result


def _context(request, buurt, plan=None, **extra):
    versies = list(buurt.buurtplannen.order_by("-versie"))
    context = {
        "buurt": buurt,
        "plan": plan,
        "versies": versies,
        "tabs": _tabs(request, buurt),
        "kan_wijzigen": request.user.has_perm("buurtplan.change_buurt", buurt),
        "is_staf": request.user.has_perm("buurtplan.view_netwerk", buurt),
    }
    context.update(extra)
    return context


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _back(request, buurt, name, plan=None):
    url = reverse(name, args=[buurt.pk])
    if plan is not None:
        url += f"?versie={plan.versie}"
    return redirect(url)


# ------------------------------------------------------------------------------------------
# National overview
# ------------------------------------------------------------------------------------------


class BuurtenOverzichtView(TableView):
    permission_required = "buurtplan.view_overzicht"
    template_name = "buurtplan/overzicht.html"
    title = gettext_lazy("Buurten")
    intro = gettext_lazy(
        "Alle buurten van het transformatieplan De Buurt als Ecosysteem. U opent de details van de buurten van uw eigen gemeente."
    )
    export_filename = "buurten"
    filter_form_class = BuurtFilterForm
    default_sort = "naam"
    paginate_by = 50
    columns = [
        Column("naam", gettext_lazy("Buurt"), sort="naam"),
        Column("gemeente.naam", gettext_lazy("Gemeente"), sort="gemeente__naam"),
        Column("cohort", gettext_lazy("Cohort"), sort="cohort"),
        Column("alliantiepartner.naam", gettext_lazy("Alliantiepartner"), sort="alliantiepartner__naam"),
        Column("status_label", gettext_lazy("Status")),
        Column("compliance", gettext_lazy("Compliance"), value=_compliance_label),
    ]

    def get_base_queryset(self):
        return buurten_overzicht_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        eigen = self.request.user.gemeente_ids
        for row in context["rows"]:
            row["mag_openen"] = row["object"].gemeente_id in eigen
            row["in_orde"] = not _compliance(row["object"])
        context["mag_toevoegen"] = self.request.user.has_perm("buurtplan.add_buurt")
        return context


# ------------------------------------------------------------------------------------------
# Buurt: create, detail, edit
# ------------------------------------------------------------------------------------------


@login_required
def buurt_nieuw(request):
    if not request.user.has_perm("buurtplan.add_buurt"):
        raise PermissionDenied
    form = BuurtForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            buurt = services.maak_buurt(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De buurt %(naam)s is aangemaakt. Stel nu het buurtnetwerk samen.") % {"naam": buurt.naam})
            return redirect("buurtplan:buurt_netwerk", buurt.pk)
    return render(request, "buurtplan/buurt_form.html", {"form": form, "title": _("Nieuwe buurt")})


@login_required
def buurt_detail(request, pk):
    buurt = _get_buurt(request, pk)
    buurt = buurten_overzicht_queryset().get(pk=buurt.pk)
    plan = buurt.laatste_versie()
    context = _context(
        request, buurt, plan,
        compliance=compliance(buurt) if request.user.has_perm("buurtplan.view_netwerk", buurt) else None,
        gebeurtenissen=timeline(buurt)[:10] if request.user.has_perm("buurtplan.view_netwerk", buurt) else [],
    )
    return render(request, "buurtplan/buurt_detail.html", context)


@login_required
def buurt_wijzigen(request, pk):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    form = BuurtForm(request.POST or None, instance=buurt, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.wijzig_buurt(request.user, Buurt.objects.get(pk=buurt.pk), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De gegevens van de buurt zijn opgeslagen."))
            return redirect("buurtplan:buurt_detail", buurt.pk)
    return render(request, "buurtplan/buurt_form.html", {"form": form, "buurt": buurt, "title": _("Buurt wijzigen")})


# ------------------------------------------------------------------------------------------
# Network
# ------------------------------------------------------------------------------------------


@login_required
def buurt_netwerk(request, pk):
    buurt = _get_buurt(request, pk, "buurtplan.view_netwerk")
    form = NetwerklidForm(request.POST or None, prefix="lid")
    if request.method == "POST":
        if not request.user.has_perm("buurtplan.change_buurt", buurt):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.voeg_netwerklid_toe(request.user, buurt, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(naam)s is toegevoegd aan het buurtnetwerk.") % {"naam": form.cleaned_data["naam"]})
                return redirect("buurtplan:buurt_netwerk", buurt.pk)
    from .compliance import netwerk_overtredingen

    leden = list(buurt.netwerkleden.all())
    return render(
        request, "buurtplan/netwerk.html",
        _context(request, buurt, leden=leden, form=form, overtredingen=netwerk_overtredingen(leden)),
    )


@login_required
def netwerklid_wijzigen(request, pk, lid_id):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    lid = get_object_or_404(Netwerklid, pk=lid_id, buurt=buurt)
    form = NetwerklidForm(request.POST or None, instance=lid, prefix="lid")
    if request.method == "POST" and form.is_valid():
        try:
            services.wijzig_netwerklid(request.user, lid, **{k: form.cleaned_data[k] for k in form.fields})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het netwerklid is bijgewerkt."))
            return redirect("buurtplan:buurt_netwerk", buurt.pk)
    return render(request, "buurtplan/netwerklid_form.html", _context(request, buurt, form=form, lid=lid))


@require_POST
@login_required
def netwerklid_verwijderen(request, pk, lid_id):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    lid = get_object_or_404(Netwerklid, pk=lid_id, buurt=buurt)
    services.verwijder_netwerklid(request.user, lid)
    messages.success(request, _("%(naam)s is uit het buurtnetwerk verwijderd.") % {"naam": lid.naam})
    return redirect("buurtplan:buurt_netwerk", buurt.pk)


# ------------------------------------------------------------------------------------------
# Plan (versions, themes, activities, vaststelling)
# ------------------------------------------------------------------------------------------


def _plan_context(request, buurt, plan, activiteit_form=None):
    themas = list(buurt.transformatieplan.themas.all())
    extra = {"themas": [], "activiteiten": [], "blokkades": []}
    if plan is not None:
        keuzes = {k.thema_id: k for k in plan.planthemas.all()}
        activiteiten = list(plan.activiteiten.select_related("thema", "interventie", "uitvoerende_partner"))
        for thema in themas:
            keuze = keuzes.get(thema.pk)
            form = ThemaKeuzeForm(
                prefix=f"thema{thema.pk}",
                initial={"van_toepassing": "ja" if (keuze is None or keuze.van_toepassing) else "nee",
                         "reden": keuze.reden if keuze else ""},
            )
            extra["themas"].append({
                "thema": thema, "keuze": keuze, "form": form,
                "activiteiten": [a for a in activiteiten if a.thema_id == thema.pk],
            })
        extra["activiteiten"] = activiteiten
        if not plan.is_vastgesteld:
            extra["blokkades"] = vaststelling_blokkades(plan)
        extra["activiteit_form"] = activiteit_form or ActiviteitForm(transformatieplan=buurt.transformatieplan, prefix="act")
        extra["nieuwe_versie_form"] = RedenForm(prefix="versie")
        extra["is_laatste"] = plan.versie == max(v.versie for v in buurt.buurtplannen.all())
    return _context(request, buurt, plan, **extra)


@login_required
def buurt_plan(request, pk):
    buurt = _get_buurt(request, pk)
    plan = _get_versie(buurt, request=request)
    return render(request, "buurtplan/plan.html", _plan_context(request, buurt, plan))


@require_POST
@login_required
def plan_aanmaken(request, pk):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    try:
        services.maak_buurtplan(request.user, buurt)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Het buurtplan (versie 1) is aangemaakt. Alle thema's staan op ‘van toepassing’."))
    return redirect("buurtplan:buurt_plan", buurt.pk)


@require_POST
@login_required
def plan_samenvatting(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    try:
        services.wijzig_samenvatting(request.user, plan, request.POST.get("samenvatting", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("De samenvatting is opgeslagen."))
    return _back(request, buurt, "buurtplan:buurt_plan", plan)


@require_POST
@login_required
def plan_thema(request, pk, versie, thema_id):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    thema = get_object_or_404(Thema, pk=thema_id, transformatieplan=buurt.transformatieplan)
    form = ThemaKeuzeForm(request.POST, prefix=f"thema{thema.pk}")
    if not form.is_valid():
        messages.error(request, _("Kies of het thema ‘%(thema)s’ van toepassing is.") % {"thema": thema.naam})
    else:
        try:
            services.zet_thema(request.user, plan, thema, form.cleaned_data["van_toepassing"], form.cleaned_data["reden"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Het thema ‘%(thema)s’ is bijgewerkt.") % {"thema": thema.naam})
    return _back(request, buurt, "buurtplan:buurt_plan", plan)


@require_POST
@login_required
def activiteit_toevoegen(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    form = ActiviteitForm(request.POST, transformatieplan=buurt.transformatieplan, prefix="act")
    if form.is_valid():
        try:
            activiteit = services.voeg_activiteit_toe(request.user, plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De activiteit ‘%(naam)s’ is toegevoegd.") % {"naam": activiteit.naam})
            return _back(request, buurt, "buurtplan:buurt_plan", plan)
    messages.error(request, _("De activiteit is niet toegevoegd. Verbeter de fouten in het formulier."))
    return render(request, "buurtplan/plan.html", _plan_context(request, buurt, plan, activiteit_form=form), status=400)


@require_POST
@login_required
def activiteit_verwijderen(request, pk, versie, activiteit_id):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    activiteit = get_object_or_404(plan.activiteiten, pk=activiteit_id)
    try:
        services.verwijder_activiteit(request.user, activiteit)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("De activiteit ‘%(naam)s’ is verwijderd.") % {"naam": activiteit.naam})
    return _back(request, buurt, "buurtplan:buurt_plan", plan)


@require_POST
@login_required
def plan_vaststellen(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    try:
        services.stel_vast(request.user, plan)
    except ValidationError as exc:
        messages.error(request, _("Het buurtplan kan nog niet worden vastgesteld:"))
        _errors(request, exc)
    else:
        messages.success(request, _("Versie %(versie)s van het buurtplan is vastgesteld.") % {"versie": plan.versie})
    return _back(request, buurt, "buurtplan:buurt_plan", plan)


@require_POST
@login_required
def plan_nieuwe_versie(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    form = RedenForm(request.POST, prefix="versie")
    if not form.is_valid():
        messages.error(request, _("Geef de reden van de wijziging op."))
        return _back(request, buurt, "buurtplan:buurt_plan", plan)
    try:
        nieuw = services.nieuwe_versie(request.user, plan, form.cleaned_data["reden"])
    except ValidationError as exc:
        _errors(request, exc)
        return _back(request, buurt, "buurtplan:buurt_plan", plan)
    messages.success(request, _("Versie %(versie)s is aangemaakt als concept.") % {"versie": nieuw.versie})
    return _back(request, buurt, "buurtplan:buurt_plan", nieuw)


@login_required
def plan_pdf(request, pk):
    from .pdf import buurtplan_pdf

    buurt = _get_buurt(request, pk, "buurtplan.view_netwerk")
    plan = _get_versie(buurt, request=request)
    if plan is None:
        raise Http404
    response = HttpResponse(buurtplan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="buurtplan-{buurt.pk}-versie-{plan.versie}.pdf"'
    return response


@login_required
@require_POST
def plan_pdf_achtergrond(request, pk):
    """Queue the PDF as a background report; the report page shows progress and the download."""
    from core.services import vraag_rapport_aan

    buurt = _get_buurt(request, pk, "buurtplan.view_netwerk")
    plan = _get_versie(buurt, request=request)
    if plan is None:
        raise Http404
    rapport = vraag_rapport_aan(request.user, "buurtplan_pdf", {"buurtplan_id": plan.pk}, buurt.gemeente)
    return redirect(rapport)


# ------------------------------------------------------------------------------------------
# Begroting
# ------------------------------------------------------------------------------------------


def _editor_kwargs(plan):
    return {
        "activiteiten": plan.activiteiten.select_related("thema").order_by("thema__volgorde", "naam"),
        "partners": Organisatie.objects.filter(actief=True).exclude(soort=Organisatie.Soort.ZORGVERZEKERAAR),
    }


def _initial(regels):
    return [
        {"regel_id": r.pk, "activiteit": r.activiteit_id, "jaar": r.jaar, "domein": r.domein,
         "financiering": r.financiering, "ontvangende_partner": r.ontvangende_partner_id,
         "omschrijving": r.omschrijving, "bedrag": r.bedrag}
        for r in regels
    ]


def _formset_regels(formset):
    """Lines as dicts from a (bound, validated) formset, skipping deleted and invalid rows."""
    result, fouten = [], 0
    for form in formset.forms:
        if not form.has_changed() and not form.initial:
            continue
        if not form.is_valid():
            fouten += 1
            continue
        data = form.cleaned_data
        if data.get("verwijderen") or data.get("bedrag") is None:
            continue
        result.append(data)
    return result, fouten


@login_required
def buurt_begroting(request, pk):
    buurt = _get_buurt(request, pk)
    plan = _get_versie(buurt, request=request)
    context = _context(request, buurt, plan)
    if plan is None:
        return render(request, "buurtplan/begroting.html", context)
    begroting = plan.begroting
    regels = scope_regels_voor(
        request.user,
        Begrotingsregel.objects.filter(begroting=begroting).select_related("activiteit__thema", "ontvangende_partner"),
    ).order_by("jaar", "activiteit__thema__volgorde", "activiteit__naam", "pk")
    volledig = request.user.has_perm("buurtplan.view_volledige_begroting", buurt)
    bewerkbaar = context["kan_wijzigen"] and begroting.is_bewerkbaar
    formset = None
    if bewerkbaar:
        if request.method == "POST":
            formset = RegelFormSet(request.POST, prefix="regels", initial=_initial(regels), **_editor_kwargs(plan))
            if formset.is_valid() and request.POST.get("actie") == "opslaan":
                try:
                    aantal = _bewaar_formset(request.user, begroting, formset)
                except ValidationError as exc:
                    messages.error(request, _("De begroting is niet opgeslagen:"))
                    _errors(request, exc)
                else:
                    messages.success(request, _("De begroting is opgeslagen (%(n)s wijziging(en)).") % {"n": aantal})
                    return _back(request, buurt, "buurtplan:buurt_begroting", plan)
            elif request.POST.get("actie") == "opslaan":
                messages.error(request, _("De begroting is niet opgeslagen. Verbeter de gemarkeerde regels."))
            live = _formset_regels(formset)
        else:
            formset = RegelFormSet(prefix="regels", initial=_initial(regels), **_editor_kwargs(plan))
            live = (list(regels), 0)
    elif request.method == "POST":
        raise PermissionDenied
    else:
        live = (list(regels), 0)
    vorige = None
    if plan.versie > 1 and volledig:
        vorige = buurt.buurtplannen.filter(versie=plan.versie - 1).select_related("begroting").first()
    context.update(
        begroting=begroting, regels=regels, volledig=volledig, formset=formset, bewerkbaar=bewerkbaar,
        totalen=totalen_tabel(*live),
        verschil=begroting_verschil(plan, vorige) if vorige else None, vorige=vorige,
        import_form=ImportForm(prefix="import"), beoordeling_form=BeoordelingForm(prefix="besluit"),
        heropen_form=RedenForm(prefix="heropen"),
        kan_beoordelen=request.user.has_perm("buurtplan.beoordeel_begroting", buurt),
    )
    return render(request, "buurtplan/begroting.html", context, status=200 if request.method == "GET" or formset.is_valid() else 400)


def _bewaar_formset(user, begroting, formset):
    bestaand = {r.pk: r for r in begroting.regels.all()}
    wijzigingen = []
    for form in formset.forms:
        data = dict(form.cleaned_data)
        if not data:
            continue
        regel_id = data.pop("regel_id", None)
        verwijderen = data.pop("verwijderen", False)
        regel = bestaand.get(regel_id) if regel_id else None
        if regel_id and regel is None:
            raise ValidationError(_("Een regel hoort niet (meer) bij deze begroting. Laad de pagina opnieuw."))
        if regel is None and not form.has_changed():
            continue
        wijzigingen.append({"regel": regel, "verwijderen": verwijderen, **data})
    return services.bewaar_begroting(user, begroting, wijzigingen)


@require_POST
@login_required
def begroting_totalen(request, pk, versie):
    """htmx: the totals panel recomputed from the editor's current (unsaved) values."""
    buurt = _get_buurt(request, pk, "buurtplan.view_volledige_begroting")
    plan = _get_versie(buurt, versie)
    formset = RegelFormSet(request.POST, prefix="regels", initial=_initial(plan.begroting.regels.all()), **_editor_kwargs(plan))
    formset.is_valid()
    return render(request, "buurtplan/_totalen.html", {"totalen": totalen_tabel(*_formset_regels(formset))})


@login_required
def begroting_export(request, pk):
    from .xlsx_begroting import export_begroting

    buurt = _get_buurt(request, pk, "buurtplan.view_volledige_begroting")
    plan = _get_versie(buurt, request=request)
    if plan is None:
        raise Http404
    response = HttpResponse(export_begroting(plan.begroting), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="begroting-{buurt.pk}-versie-{plan.versie}.xlsx"'
    return response


@require_POST
@login_required
def begroting_import(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    form = ImportForm(request.POST, request.FILES, prefix="import")
    if not form.is_valid():
        messages.error(request, _("Kies een Excel-bestand om te importeren."))
    else:
        try:
            aantal = services.importeer_begroting(request.user, plan.begroting, form.cleaned_data["bestand"])
        except ValidationError as exc:
            messages.error(request, _("De begroting is niet geïmporteerd; er is niets gewijzigd:"))
            _errors(request, exc)
        else:
            messages.success(request, _("%(n)s begrotingsregels geïmporteerd.") % {"n": aantal})
    return _back(request, buurt, "buurtplan:buurt_begroting", plan)


@require_POST
@login_required
def begroting_indienen(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    try:
        services.dien_begroting_in(request.user, plan.begroting)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("De begroting is ingediend bij de begrotingscommissie."))
    return _back(request, buurt, "buurtplan:buurt_begroting", plan)


@require_POST
@login_required
def begroting_beoordelen(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.beoordeel_begroting")
    plan = _get_versie(buurt, versie)
    form = BeoordelingForm(request.POST, prefix="besluit")
    if not form.is_valid():
        messages.error(request, _("Kies het besluit en vul de datum in."))
    else:
        try:
            services.beoordeel_begroting(
                request.user, plan.begroting, goedgekeurd=form.cleaned_data["besluit"] == "goedgekeurd",
                opmerkingen=form.cleaned_data["opmerkingen"], datum=form.cleaned_data["datum"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Het besluit van de begrotingscommissie is vastgelegd."))
    return _back(request, buurt, "buurtplan:buurt_begroting", plan)


@require_POST
@login_required
def begroting_heropenen(request, pk, versie):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    form = RedenForm(request.POST, prefix="heropen")
    try:
        if not form.is_valid():
            raise ValidationError(_("Geef een reden op voor het heropenen van de begroting."))
        services.heropen_begroting(request.user, plan.begroting, form.cleaned_data["reden"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("De begroting is heropend en kan weer worden gewijzigd."))
    return _back(request, buurt, "buurtplan:buurt_begroting", plan)


# ------------------------------------------------------------------------------------------
# Signatures
# ------------------------------------------------------------------------------------------


@login_required
def buurt_ondertekeningen(request, pk):
    buurt = _get_buurt(request, pk, "buurtplan.view_ondertekeningen")
    plan = _get_versie(buurt, request=request)
    form = OndertekeningForm(request.POST or None, request.FILES or None, prefix="ond",
                             initial={"organisatie": buurt.gemeente_id})
    if request.method == "POST":
        if not request.user.has_perm("buurtplan.change_buurt", buurt) or plan is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.voeg_ondertekening_toe(request.user, plan, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De ondertekening is toegevoegd."))
                return _back(request, buurt, "buurtplan:buurt_ondertekeningen", plan)
    from .compliance import ontbrekende_ondertekeningen

    context = _context(
        request, buurt, plan, form=form,
        ondertekeningen=list(plan.ondertekeningen.select_related("organisatie")) if plan else [],
        ontbrekend=ontbrekende_ondertekeningen(plan) if plan else [],
    )
    return render(request, "buurtplan/ondertekeningen.html", context, status=400 if form.errors else 200)


@login_required
def ondertekening_document(request, ondertekening_id):
    ondertekening = get_object_or_404(
        Ondertekening.objects.select_related("buurtplan__buurt").filter(
            buurtplan__buurt__gemeente_id__in=request.user.gemeente_ids
        ),
        pk=ondertekening_id,
    )
    if not request.user.has_perm("buurtplan.view_ondertekeningen", ondertekening.buurtplan.buurt):
        raise PermissionDenied
    try:
        handle = ondertekening.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, content_type=ondertekening.content_type or "application/octet-stream",
        filename=ondertekening.document_naam or "document", as_attachment=False,
    )


@require_POST
@login_required
def ondertekening_verwijderen(request, pk, ondertekening_id):
    buurt = _get_buurt(request, pk, "buurtplan.change_buurt")
    ondertekening = get_object_or_404(Ondertekening, pk=ondertekening_id, buurtplan__buurt=buurt)
    try:
        services.verwijder_ondertekening(request.user, ondertekening)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("De ondertekening is verwijderd."))
    return _back(request, buurt, "buurtplan:buurt_ondertekeningen", ondertekening.buurtplan)


# ------------------------------------------------------------------------------------------
# Partner: own budget lines
# ------------------------------------------------------------------------------------------


class MijnRegelsView(TableView):
    permission_required = "buurtplan.view_partnerregels"
    title = gettext_lazy("Mijn begrotingsregels")
    intro = gettext_lazy("De regels uit de geldende buurtbegrotingen die aan uw organisatie zijn toegekend.")
    export_filename = "begrotingsregels"
    columns = [
        Column("buurt", gettext_lazy("Buurt"), value=lambda r: r.begroting.buurtplan.buurt.naam),
        Column("gemeente", gettext_lazy("Gemeente"), value=lambda r: r.begroting.buurtplan.buurt.gemeente.naam),
        Column("versie", gettext_lazy("Versie"), value=lambda r: r.begroting.buurtplan.versie),
        Column("jaar", gettext_lazy("Jaar"), sort="jaar"),
        Column("activiteit.naam", gettext_lazy("Activiteit"), sort="activiteit__naam"),
        Column("financiering", gettext_lazy("Financiering"), value=lambda r: r.get_financiering_display()),
        Column("domein", gettext_lazy("Domein"), value=lambda r: r.get_domein_display()),
        Column("bedrag", gettext_lazy("Bedrag"), sort="bedrag", money=True),
    ]

    def get_base_queryset(self):
        from .queries import begrotingsregels_voor_partner

        organisatie = self.request.user.organisatie
        if organisatie is None:
            return Begrotingsregel.objects.none()
        return begrotingsregels_voor_partner(organisatie)
