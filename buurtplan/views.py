"""Pages of buurtplan: national overview, buurt detail with tabs, budget editor, signatures.

Pages fetch the buurt with `get_or_deny` (404 outside the user's scope, 403 without the permission);
buttons that change something are `ActionView`s that call one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import workflow
from core.access import get_or_deny, require
from core.actions import ActionView, ConfirmedActionView, report_errors
from core.documents import private_response, serve_private
from core.lists import Column, TableView
from core.models import Organisatie
from core.services import timeline, vraag_rapport_aan
from core.xlsx import XLSX_CONTENT_TYPE
from core.zoekkeuze import render_resultaten

from . import queries, services
from .compliance import compliance, netwerk_overtredingen, ontbrekende_ondertekeningen, vaststelling_blokkades
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
from .pdf import buurtplan_pdf
from .queries import (
    begroting_verschil,
    buurten_lijst_queryset,
    buurten_overzicht_queryset,
    laad_compliance,
    totalen_tabel,
)
from .xlsx_begroting import export_begroting

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


def _buurt(request, pk, perm="buurtplan.view_buurt"):
    return get_or_deny(request.user, queries.buurt_pagina_queryset(), pk, perm)


def _get_versie(buurt, versie=None, request=None):
    """Version `versie` (404 if it does not exist), else the one in `?versie=`, else the newest."""
    if versie is None and request is not None:
        try:
            versie = int(request.GET.get("versie", "") or 0) or None
        except ValueError:
            versie = None
    plan = queries.versie(buurt, versie)
    if plan is None and versie is not None:
        raise Http404
    return plan


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


def _versie_url(name, buurt, plan=None):
    url = reverse(name, args=[buurt.pk])
    if plan is not None:
        url += f"?versie={plan.versie}"
    return url


def _geldig(form, message):
    """The cleaned data of a bound form, or a ValidationError with the page's own Dutch message."""
    if not form.is_valid():
        raise ValidationError(message)
    return form.cleaned_data


class BuurtActie(ActionView):
    """A button on a buurt page: the buurt from the user's scope with `perm`, back to page `terug`."""

    perm = "buurtplan.change_buurt"
    terug = "buurtplan:buurt_detail"

    def get_object(self):
        return _buurt(self.request, self.kwargs["pk"], self.perm)

    def get_success_url(self, buurt, result):
        return reverse(self.terug, args=[buurt.pk])

    def get_failure_url(self, buurt):
        return reverse(self.terug, args=[buurt.pk])


class VersieActie(ActionView):
    """A button on a page of one plan version: back to that version of page `terug`."""

    perm = "buurtplan.change_buurt"
    terug = "buurtplan:buurt_plan"

    def get_object(self):
        buurt = _buurt(self.request, self.kwargs["pk"], self.perm)
        return _get_versie(buurt, self.kwargs["versie"])

    def get_success_url(self, plan, result):
        return _versie_url(self.terug, plan.buurt, plan)

    def get_failure_url(self, plan):
        return _versie_url(self.terug, plan.buurt, plan)


# ------------------------------------------------------------------------------------------
# National overview
# ------------------------------------------------------------------------------------------


class BuurtenOverzichtView(TableView):
    permission_required = "buurtplan.view_overzicht"
    template_name = "buurtplan/overzicht.html"
    title = gettext_lazy("Buurten")
    empty_noun = gettext_lazy("buurten")
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
        Column("alliantie", gettext_lazy("Alliantiepartners")),
        Column("status_label", gettext_lazy("Status")),
        Column("compliance", gettext_lazy("Compliance"), value=_compliance_label),
    ]

    exporteert = False

    def get_base_queryset(self):
        # The export reads every row's compliance as it streams; a page loads it for its 50 rows.
        return buurten_overzicht_queryset() if self.exporteert else buurten_lijst_queryset()

    def export(self):
        self.exporteert = True
        return super().export()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = object_list = list(object_list)
        laad_compliance(object_list)
        return paginator, page, object_list, is_paginated

    def get_filter_form_kwargs(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for row in context["rows"]:
            row["mag_openen"] = user.has_perm("buurtplan.open_vanuit_overzicht", row["object"])
            row["in_orde"] = not _compliance(row["object"])
        context["mag_toevoegen"] = user.has_perm("buurtplan.add_buurt")
        return context


# ------------------------------------------------------------------------------------------
# Buurt: create, detail, edit
# ------------------------------------------------------------------------------------------


@login_required
def organisatie_zoeken(request):
    """htmx: the matches of the buurten list's gemeente or alliantiepartner search (core.zoekkeuze)."""
    require(request.user, "buurtplan.view_overzicht")
    lijst = request.GET.get("lijst") or "gemeente"
    if lijst not in ("gemeente", "alliantiepartner"):
        raise Http404
    html = render_resultaten(
        queries.filter_organisaties(lijst),
        lijst,
        request.GET.get(f"{lijst}_zoek", ""),
        request.GET.get("id") or f"id_{lijst}",
    )
    return HttpResponse(html)


@login_required
def buurt_nieuw(request):
    require(request.user, "buurtplan.add_buurt")
    form = BuurtForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            buurt = services.maak_buurt(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("De buurt %(naam)s is aangemaakt. Stel nu het buurtnetwerk samen.") % {"naam": buurt.naam}
            )
            return redirect("buurtplan:buurt_netwerk", buurt.pk)
    return render(request, "buurtplan/buurt_form.html", {"form": form, "title": _("Nieuwe buurt")})


@login_required
def buurt_detail(request, pk):
    buurt = get_or_deny(request.user, buurten_overzicht_queryset(), pk, "buurtplan.view_buurt")
    plan = buurt.laatste_versie()
    is_staf = request.user.has_perm("buurtplan.view_netwerk", buurt)
    context = _context(
        request,
        buurt,
        plan,
        compliance=compliance(buurt) if is_staf else None,
        gebeurtenissen=timeline(buurt)[:10] if is_staf else [],
    )
    return render(request, "buurtplan/buurt_detail.html", context)


@login_required
def buurt_wijzigen(request, pk):
    buurt = _buurt(request, pk, "buurtplan.change_buurt")
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
    buurt = _buurt(request, pk, "buurtplan.view_netwerk")
    form = NetwerklidForm(request.POST or None, prefix="lid")
    if request.method == "POST":
        require(request.user, "buurtplan.change_buurt", buurt)
        if form.is_valid():
            try:
                services.voeg_netwerklid_toe(request.user, buurt, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("%(naam)s is toegevoegd aan het buurtnetwerk.") % {"naam": form.cleaned_data["naam"]}
                )
                return redirect("buurtplan:buurt_netwerk", buurt.pk)
    leden = list(buurt.netwerkleden.all())
    return render(
        request,
        "buurtplan/netwerk.html",
        _context(request, buurt, leden=leden, form=form, overtredingen=netwerk_overtredingen(leden)),
    )


@login_required
def netwerklid_wijzigen(request, pk, lid_id):
    buurt = _buurt(request, pk, "buurtplan.change_buurt")
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


class NetwerklidVerwijderen(BuurtActie):
    terug = "buurtplan:buurt_netwerk"

    def perform(self, buurt, form):
        self.lid = get_object_or_404(Netwerklid, pk=self.kwargs["lid_id"], buurt=buurt)
        services.verwijder_netwerklid(self.request.user, self.lid)

    def get_success_message(self, buurt, result):
        return _("%(naam)s is uit het buurtnetwerk verwijderd.") % {"naam": self.lid.naam}


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
                initial={
                    "van_toepassing": "ja" if (keuze is None or keuze.van_toepassing) else "nee",
                    "reden": keuze.reden if keuze else "",
                },
            )
            extra["themas"].append(
                {
                    "thema": thema,
                    "keuze": keuze,
                    "form": form,
                    "activiteiten": [a for a in activiteiten if a.thema_id == thema.pk],
                }
            )
        extra["activiteiten"] = activiteiten
        if not plan.is_vastgesteld:
            extra["blokkades"] = vaststelling_blokkades(plan)
            # The button only where the service would accept it: allowed now and nothing blocking.
            extra["kan_vaststellen"] = not extra["blokkades"] and workflow.can(request.user, plan, "vaststellen")
        extra["activiteit_form"] = activiteit_form or ActiviteitForm(buurt=buurt, prefix="act")
        extra["nieuwe_versie_form"] = RedenForm(prefix="versie")
        extra["is_laatste"] = plan.versie == max(v.versie for v in buurt.buurtplannen.all())
    return _context(request, buurt, plan, **extra)


@login_required
def buurt_plan(request, pk):
    buurt = _buurt(request, pk)
    plan = _get_versie(buurt, request=request)
    return render(request, "buurtplan/plan.html", _plan_context(request, buurt, plan))


class PlanAanmaken(BuurtActie):
    terug = "buurtplan:buurt_plan"
    success_message = gettext_lazy("Het buurtplan (versie 1) is aangemaakt. Alle thema's staan op ‘van toepassing’.")

    def perform(self, buurt, form):
        return services.maak_buurtplan(self.request.user, buurt)

    def get_success_url(self, buurt, result):
        return reverse(self.terug, args=[buurt.pk])


class PlanSamenvatting(VersieActie):
    success_message = gettext_lazy("De samenvatting is opgeslagen.")

    def perform(self, plan, form):
        return services.wijzig_samenvatting(self.request.user, plan, self.request.POST.get("samenvatting", ""))


class PlanThemaZetten(VersieActie):
    def perform(self, plan, form):
        self.thema = get_object_or_404(
            Thema, pk=self.kwargs["thema_id"], transformatieplan=plan.buurt.transformatieplan
        )
        data = _geldig(
            ThemaKeuzeForm(self.request.POST, prefix=f"thema{self.thema.pk}"),
            _("Kies of het thema ‘%(thema)s’ van toepassing is.") % {"thema": self.thema.naam},
        )
        return services.zet_thema(self.request.user, plan, self.thema, data["van_toepassing"], data["reden"])

    def get_success_message(self, plan, result):
        return _("Het thema ‘%(thema)s’ is bijgewerkt.") % {"thema": self.thema.naam}


@require_POST
@login_required
def activiteit_toevoegen(request, pk, versie):
    buurt = _buurt(request, pk, "buurtplan.change_buurt")
    plan = _get_versie(buurt, versie)
    form = ActiviteitForm(request.POST, buurt=buurt, prefix="act")
    if form.is_valid():
        try:
            activiteit = services.voeg_activiteit_toe(request.user, plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De activiteit ‘%(naam)s’ is toegevoegd.") % {"naam": activiteit.naam})
            return redirect(_versie_url("buurtplan:buurt_plan", buurt, plan))
    messages.error(request, _("De activiteit is niet toegevoegd. Verbeter de fouten in het formulier."))
    return render(request, "buurtplan/plan.html", _plan_context(request, buurt, plan, activiteit_form=form), status=400)


class ActiviteitVerwijderen(VersieActie):
    def perform(self, plan, form):
        self.activiteit = get_object_or_404(plan.activiteiten, pk=self.kwargs["activiteit_id"])
        services.verwijder_activiteit(self.request.user, self.activiteit)

    def get_success_message(self, plan, result):
        return _("De activiteit ‘%(naam)s’ is verwijderd.") % {"naam": self.activiteit.naam}


class PlanVaststellen(ConfirmedActionView, VersieActie):
    """Vaststellen freezes the version: GET asks for confirmation, the POST does it."""

    confirm_title = gettext_lazy("Buurtplan vaststellen")
    confirm_button = gettext_lazy("Buurtplan vaststellen")

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        try:
            # Who may not gets 403; a version that cannot be set now goes back with the reason.
            workflow.check(request.user, plan, "vaststellen")
        except ValidationError as exc:
            report_errors(request, exc)
            return redirect(self.get_failure_url(plan))
        return super().get(request, *args, **kwargs)

    def get_consequences(self, plan, form):
        return [
            _("Versie %(versie)s van het buurtplan van %(buurt)s wordt vastgesteld.")
            % {"versie": plan.versie, "buurt": plan.buurt.naam},
            _(
                "Het plan, zijn activiteiten en de begroting liggen daarna vast: wijzigen kan alleen nog in een "
                "nieuwe versie."
            ),
            _("Partners kunnen declareren op de begrotingsregels van deze versie."),
        ]

    def perform(self, plan, form):
        try:
            return services.stel_vast(self.request.user, plan)
        except ValidationError as exc:
            raise ValidationError([_("Het buurtplan kan nog niet worden vastgesteld:"), *exc.messages]) from exc

    def get_success_message(self, plan, result):
        return _("Versie %(versie)s van het buurtplan is vastgesteld.") % {"versie": plan.versie}


class PlanNieuweVersie(VersieActie):
    def perform(self, plan, form):
        data = _geldig(RedenForm(self.request.POST, prefix="versie"), _("Geef de reden van de wijziging op."))
        return services.nieuwe_versie(self.request.user, plan, data["reden"])

    def get_success_message(self, plan, nieuw):
        return _("Versie %(versie)s is aangemaakt als concept.") % {"versie": nieuw.versie}

    def get_success_url(self, plan, nieuw):
        return _versie_url(self.terug, plan.buurt, nieuw)


@login_required
def plan_pdf(request, pk):
    buurt = _buurt(request, pk, "buurtplan.view_netwerk")
    plan = _get_versie(buurt, request=request)
    if plan is None:
        raise Http404
    response = HttpResponse(buurtplan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="buurtplan-{buurt.pk}-versie-{plan.versie}.pdf"'
    return private_response(response)


@login_required
@require_POST
def plan_pdf_achtergrond(request, pk):
    """Queue the PDF as a background report; the report page shows progress and the download."""
    buurt = _buurt(request, pk, "buurtplan.view_netwerk")
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
        # Who works in the gemeente's buurten, and those already on a line (a deactivated one stays readable).
        "partners": queries.organisaties_voor_gemeente(
            plan.buurt.gemeente_id,
            ook=Begrotingsregel.objects.filter(begroting__buurtplan=plan).values_list(
                "ontvangende_partner_id", flat=True
            ),
        ).exclude(soort=Organisatie.Soort.ZORGVERZEKERAAR),
    }


def _initial(regels):
    return [
        {
            "regel_id": r.pk,
            "activiteit": r.activiteit_id,
            "jaar": r.jaar,
            "domein": r.domein,
            "financiering": r.financiering,
            "ontvangende_partner": r.ontvangende_partner_id,
            "omschrijving": r.omschrijving,
            "bedrag": r.bedrag,
        }
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
    buurt = _buurt(request, pk)
    plan = _get_versie(buurt, request=request)
    context = _context(request, buurt, plan)
    if plan is None:
        return render(request, "buurtplan/begroting.html", context)
    begroting = plan.begroting
    regels = queries.zichtbare_regels(request.user, begroting)
    volledig = request.user.has_perm("buurtplan.view_volledige_begroting", buurt)
    bewerkbaar = context["kan_wijzigen"] and begroting.is_bewerkbaar
    formset = None
    if bewerkbaar:
        if request.method == "POST":
            data = request.POST
            if data.get("actie") == "regel_toevoegen":
                # Without JavaScript the add-row button submits: the same rows plus one empty one.
                data = data.copy()
                data["regels-TOTAL_FORMS"] = str(_aantal_rijen(data) + 1)
            formset = RegelFormSet(data, prefix="regels", initial=_initial(regels), **_editor_kwargs(plan))
            if formset.is_valid() and request.POST.get("actie") == "opslaan":
                try:
                    aantal = _bewaar_formset(request.user, begroting, formset)
                except ValidationError as exc:
                    messages.error(request, _("De begroting is niet opgeslagen:"))
                    report_errors(request, exc)
                else:
                    messages.success(request, _("De begroting is opgeslagen (%(n)s wijziging(en)).") % {"n": aantal})
                    return redirect(_versie_url("buurtplan:buurt_begroting", buurt, plan))
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
    vorige = queries.vorige_versie(plan) if volledig else None
    context.update(
        begroting=begroting,
        regels=regels,
        volledig=volledig,
        formset=formset,
        bewerkbaar=bewerkbaar,
        totalen=totalen_tabel(*live),
        verschil=begroting_verschil(plan, vorige) if vorige else None,
        vorige=vorige,
        import_form=ImportForm(prefix="import"),
        beoordeling_form=BeoordelingForm(prefix="besluit"),
        heropen_form=RedenForm(prefix="heropen"),
        kan_beoordelen=request.user.has_perm("buurtplan.beoordeel_begroting", buurt),
    )
    toevoegen = request.method == "POST" and request.POST.get("actie") == "regel_toevoegen"
    return render(
        request,
        "buurtplan/begroting.html",
        context,
        status=200 if request.method == "GET" or toevoegen or formset.is_valid() else 400,
    )


def _aantal_rijen(data):
    try:
        return max(0, min(int(data.get("regels-TOTAL_FORMS", 0)), 500))
    except ValueError:
        return 0


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
    buurt = _buurt(request, pk, "buurtplan.view_volledige_begroting")
    plan = _get_versie(buurt, versie)
    formset = RegelFormSet(
        request.POST, prefix="regels", initial=_initial(plan.begroting.regels.all()), **_editor_kwargs(plan)
    )
    formset.is_valid()
    # The htmx answer also fills the page's small live region with the grand total only: a screen
    # reader hears "Totaal € …", not both tables, on every pause in typing.
    return render(
        request,
        "buurtplan/_totalen.html",
        {"totalen": totalen_tabel(*_formset_regels(formset)), "aankondigen": True},
    )


@login_required
def begroting_export(request, pk):
    buurt = _buurt(request, pk, "buurtplan.view_volledige_begroting")
    plan = _get_versie(buurt, request=request)
    if plan is None:
        raise Http404
    response = HttpResponse(export_begroting(plan.begroting), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="begroting-{buurt.pk}-versie-{plan.versie}.xlsx"'
    return private_response(response)


class BegrotingActie(VersieActie):
    terug = "buurtplan:buurt_begroting"


class BegrotingImporteren(BegrotingActie):
    def perform(self, plan, form):
        data = _geldig(
            ImportForm(self.request.POST, self.request.FILES, prefix="import"),
            _("Kies een Excel-bestand om te importeren."),
        )
        try:
            return services.importeer_begroting(self.request.user, plan.begroting, data["bestand"])
        except ValidationError as exc:
            raise ValidationError(
                [_("De begroting is niet geïmporteerd; er is niets gewijzigd:"), *exc.messages]
            ) from exc

    def get_success_message(self, plan, aantal):
        return _("%(n)s begrotingsregels geïmporteerd.") % {"n": aantal}


class BegrotingIndienen(BegrotingActie):
    success_message = gettext_lazy("De begroting is ingediend bij de begrotingscommissie.")

    def perform(self, plan, form):
        return services.dien_begroting_in(self.request.user, plan.begroting)


class BegrotingBeoordelen(BegrotingActie):
    perm = "buurtplan.beoordeel_begroting"
    success_message = gettext_lazy("Het besluit van de begrotingscommissie is vastgelegd.")

    def perform(self, plan, form):
        data = _geldig(BeoordelingForm(self.request.POST, prefix="besluit"), _("Kies het besluit en vul de datum in."))
        return services.beoordeel_begroting(
            self.request.user,
            plan.begroting,
            goedgekeurd=data["besluit"] == "goedgekeurd",
            opmerkingen=data["opmerkingen"],
            datum=data["datum"],
        )


class BegrotingHeropenen(BegrotingActie):
    success_message = gettext_lazy("De begroting is heropend en kan weer worden gewijzigd.")

    def perform(self, plan, form):
        data = _geldig(
            RedenForm(self.request.POST, prefix="heropen"), _("Geef een reden op voor het heropenen van de begroting.")
        )
        return services.heropen_begroting(self.request.user, plan.begroting, data["reden"])


# ------------------------------------------------------------------------------------------
# Signatures
# ------------------------------------------------------------------------------------------


@login_required
def buurt_ondertekeningen(request, pk):
    buurt = _buurt(request, pk, "buurtplan.view_ondertekeningen")
    plan = _get_versie(buurt, request=request)
    form = OndertekeningForm(request.POST or None, request.FILES or None, prefix="ond", buurt=buurt)
    if request.method == "POST":
        require(request.user, "buurtplan.change_buurt", buurt)
        if plan is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.voeg_ondertekening_toe(request.user, plan, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De ondertekening is toegevoegd."))
                return redirect(_versie_url("buurtplan:buurt_ondertekeningen", buurt, plan))
    context = _context(
        request,
        buurt,
        plan,
        form=form,
        ondertekeningen=list(plan.ondertekeningen.select_related("organisatie")) if plan else [],
        ontbrekend=ontbrekende_ondertekeningen(plan) if plan else [],
    )
    return render(request, "buurtplan/ondertekeningen.html", context, status=400 if form.errors else 200)


@login_required
def ondertekening_document(request, ondertekening_id):
    ondertekening = get_or_deny(
        request.user,
        Ondertekening.objects.select_related("buurtplan__buurt"),
        ondertekening_id,
    )
    try:
        return serve_private(request, ondertekening, "buurtplan.view_ondertekeningen", inline=True)
    except FileNotFoundError:
        raise Http404 from None


class OndertekeningVerwijderen(ConfirmedActionView, BuurtActie):
    terug = "buurtplan:buurt_ondertekeningen"
    success_message = gettext_lazy("De ondertekening is verwijderd.")
    confirm_title = gettext_lazy("Ondertekening verwijderen")
    confirm_button = gettext_lazy("Ondertekening verwijderen")

    def get_consequences(self, buurt, form):
        ondertekening = get_object_or_404(
            Ondertekening.objects.select_related("buurtplan"),
            pk=self.kwargs["ondertekening_id"],
            buurtplan__buurt=buurt,
        )
        self.ondertekening = ondertekening
        return [
            _("De ondertekening ‘%(o)s’ van versie %(versie)s en haar scan worden verwijderd.")
            % {"o": ondertekening, "versie": ondertekening.buurtplan.versie},
            _("Zonder deze ondertekening kan de versie niet worden vastgesteld tot er een nieuwe is geüpload."),
        ]

    def perform(self, buurt, form):
        self.ondertekening = get_object_or_404(
            Ondertekening, pk=self.kwargs["ondertekening_id"], buurtplan__buurt=buurt
        )
        services.verwijder_ondertekening(self.request.user, self.ondertekening)

    def get_success_url(self, buurt, result):
        return _versie_url(self.terug, buurt, self.ondertekening.buurtplan)

    def get_failure_url(self, buurt):
        plan = getattr(self, "ondertekening", None)
        return _versie_url(self.terug, buurt, plan.buurtplan if plan else None)


# ------------------------------------------------------------------------------------------
# Partner: own budget lines
# ------------------------------------------------------------------------------------------


class MijnRegelsView(TableView):
    permission_required = "buurtplan.view_partnerregels"
    title = gettext_lazy("Mijn begrotingsregels")
    empty_noun = gettext_lazy("begrotingsregels")
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
        organisatie = self.request.user.organisatie
        if organisatie is None:
            return Begrotingsregel.objects.none()
        return queries.begrotingsregels_voor_partner(organisatie)
