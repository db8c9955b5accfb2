"""Ledger pages for financien and controle of the active gemeente (`request.gemeente`).

Partners never see the ledger (403). Objects of another gemeente are not found (404). Every write
goes through grootboek.services.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import get_or_deny
from core.documents import private_response
from core.lists import Column, TableView
from core.services import timeline, vraag_rapport_aan
from core.xlsx import xlsx_response

from . import controles, erp, queries
from .forms import (
    BoekjaarSluitenForm,
    ErpExportForm,
    ErpProfielForm,
    JournaalpostFilterForm,
    ProefbalansFilterForm,
    RekeningFilterForm,
    RekeningForm,
    RekeningkaartFilterForm,
    TegenboekForm,
)
from .models import Journaalpost, Journaalregel, Rekening
from .services import (
    BoekingGeweigerd,
    bezwaren_tegen_sluiten,
    sla_erp_profiel_op,
    sluit_boekjaar,
    tegenboek_handmatig,
    wijzig_rekening,
)

TABS = [
    ("grootboek:journaalposten", gettext_lazy("Journaalposten")),
    ("grootboek:proefbalans", gettext_lazy("Proefbalans")),
    ("grootboek:rekeningen", gettext_lazy("Rekeningschema")),
    ("grootboek:aansluiting", gettext_lazy("Aansluiting")),
    ("grootboek:boekjaren", gettext_lazy("Boekjaren")),
    ("grootboek:erp_export", gettext_lazy("ERP-export")),
]


class LedgerMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Financien and controle only; the page shows the active gemeente."""

    permission_required = "grootboek.view_grootboek"
    raise_exception = True
    tab = None

    @property
    def gemeente(self):
        return self.request.gemeente

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            grootboek_tabs=TABS,
            actieve_tab=self.tab,
            gemeente=self.gemeente,
            mag_beheren=self.request.user.has_perm("grootboek.wijzig_rekeningschema", self.gemeente)
            if self.gemeente
            else False,
        )
        return context


class LedgerTemplateView(LedgerMixin, TemplateView):
    pass


def _status_tekst(post):
    """Reversal status of a list row, from its select_related / annotated fields (no queries)."""
    if post.tegenboeking_van_id:
        return _("tegenboeking van %(nr)s") % {"nr": post.tegenboeking_van.stuknummer}
    if getattr(post, "tegenboeking_nummer", None):
        return _("tegengeboekt met %(nr)s") % {"nr": queries.stuknummer_uit_sortering(post.tegenboeking_nummer)}
    return ""


class JournaalpostenView(LedgerMixin, TableView):
    title = gettext_lazy("Journaalposten")
    empty_noun = gettext_lazy("journaalposten")
    template_name = "grootboek/journaalposten.html"
    export_filename = "journaalposten"
    filter_form_class = JournaalpostFilterForm
    default_sort = "-stuknummer"
    tab = "grootboek:journaalposten"
    columns = [
        Column("stuknummer", gettext_lazy("Stuknummer"), sort=("boekjaar", "volgnummer"), link=True),
        Column("boekdatum", gettext_lazy("Boekdatum"), sort=("boekdatum", "volgnummer")),
        Column("omschrijving", gettext_lazy("Omschrijving"), sort="omschrijving"),
        Column("bron_referentie", gettext_lazy("Bron"), sort="bron_referentie"),
        Column("totaal", gettext_lazy("Bedrag"), sort="totaal", money=True),
        Column("status", gettext_lazy("Tegenboeking"), value=lambda p: _status_tekst(p), badge=False),
        Column("aangemaakt_door", gettext_lazy("Geboekt door"), value=lambda p: str(p.aangemaakt_door or "")),
    ]

    def get_filter_form_kwargs(self):
        return {"gemeente": self.gemeente}

    def get_base_queryset(self):
        return queries.journaalposten_lijst(self.gemeente)


def _post(user, pk):
    return get_or_deny(user, Journaalpost.objects.select_related("gemeente", "aangemaakt_door", "tegenboeking_van"), pk)


def _rekening(user, pk, perm=None):
    return get_or_deny(user, Rekening.objects.select_related("gemeente"), pk, perm)


class JournaalpostView(LedgerTemplateView):
    template_name = "grootboek/journaalpost.html"
    tab = "grootboek:journaalposten"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = _post(self.request.user, self.kwargs["pk"])
        regels = queries.regels_van_post(post)
        tegenboeking = queries.tegenboeking_van(post)
        mag_tegenboeken = (
            tegenboeking is None and not post.bron_type_id and self.request.user.has_perm("grootboek.tegenboeken", post)
        )
        bron = post.bron if post.bron_type_id else None
        context.update(
            bron=bron,
            bron_url=bron.get_absolute_url() if hasattr(bron, "get_absolute_url") else None,
            post=post,
            regels=regels,
            totaal_debet=sum((r.debet for r in regels), Decimal("0")),
            totaal_credit=sum((r.credit for r in regels), Decimal("0")),
            tegenboeking=tegenboeking,
            mag_tegenboeken=mag_tegenboeken,
            tegenboek_form=kwargs.get("tegenboek_form") or (TegenboekForm() if mag_tegenboeken else None),
            tijdlijn=timeline(post)[:50],
            title=_("Journaalpost %(nr)s") % {"nr": post.stuknummer},
        )
        return context

    def post(self, request, *args, **kwargs):
        post = get_or_deny(request.user, Journaalpost, kwargs["pk"], "grootboek.tegenboeken")
        form = TegenboekForm(request.POST)
        if form.is_valid():
            try:
                nieuw = tegenboek_handmatig(
                    request.user, post, form.cleaned_data["reden"], boekdatum=form.cleaned_data["boekdatum"]
                )
            except BoekingGeweigerd as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Journaalpost %(oud)s is tegengeboekt met %(nieuw)s.")
                    % {"oud": post.stuknummer, "nieuw": nieuw.stuknummer},
                )
                return redirect(nieuw)
        return self.render_to_response(self.get_context_data(tegenboek_form=form), status=400)


class ProefbalansView(LedgerTemplateView):
    template_name = "grootboek/proefbalans.html"
    tab = "grootboek:proefbalans"
    SORTS = {
        "nummer": lambda r: r.rekening.nummer,
        "naam": lambda r: r.rekening.naam.lower(),
        "soort": lambda r: r.rekening.soort,
        "debet": lambda r: r.debet,
        "credit": lambda r: r.credit,
        "eindsaldo": lambda r: r.eindsaldo,
    }

    def _report(self):
        form = ProefbalansFilterForm(self.request.GET or None, gemeente=self.gemeente)
        jaar = timezone.localdate().year
        soort, alleen_mutaties = "", False
        if form.is_bound and form.is_valid():
            jaar = form.cleaned_data["boekjaar"]
            soort = form.cleaned_data["soort"]
            alleen_mutaties = form.cleaned_data["alleen_mutaties"]
        elif not form.is_bound:
            form = ProefbalansFilterForm(initial={"boekjaar": jaar}, gemeente=self.gemeente)
        balans = (
            queries.proefbalans(self.gemeente, jaar, alle_rekeningen=not alleen_mutaties)
            if self.gemeente
            else queries.Proefbalans(jaar)
        )
        if soort:
            balans.regels = [r for r in balans.regels if r.rekening.soort == soort]
        sort = self.request.GET.get("sort", "nummer")
        key = sort.lstrip("-")
        if key not in self.SORTS:
            sort = key = "nummer"
        balans.regels.sort(key=self.SORTS[key], reverse=sort.startswith("-"))
        return form, balans, sort

    def get(self, request, *args, **kwargs):
        form, balans, sort = self._report()
        if request.GET.get("format") == "xlsx":
            headers = [
                _("Rekening"),
                _("Naam"),
                _("Soort"),
                _("Kostenplaats"),
                _("Taakveld"),
                _("Beginsaldo"),
                _("Debet"),
                _("Credit"),
                _("Eindsaldo"),
            ]
            rows = [
                [
                    r.rekening.nummer,
                    r.rekening.naam,
                    r.rekening.get_soort_display(),
                    r.rekening.kostenplaats,
                    r.rekening.taakveld,
                    r.beginsaldo,
                    r.debet,
                    r.credit,
                    r.eindsaldo,
                ]
                for r in balans.regels
            ]
            rows.append(["", _("Totaal"), "", "", "", None, balans.totaal_debet, balans.totaal_credit, None])
            naam = f"proefbalans-{self.gemeente.cbs_code if self.gemeente else ''}-{balans.boekjaar}"
            return xlsx_response(naam, [(_("Proefbalans %(jaar)s") % {"jaar": balans.boekjaar}, headers, rows)])
        return self.render_to_response(self.get_context_data(form=form, balans=balans, sort=sort))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("format", None)
        current = kwargs.get("sort", "nummer")
        headers = []
        for key, label, money in [
            ("nummer", _("Rekening"), False),
            ("naam", _("Naam"), False),
            ("soort", _("Soort"), False),
            (None, _("Beginsaldo"), True),
            ("debet", _("Debet"), True),
            ("credit", _("Credit"), True),
            ("eindsaldo", _("Eindsaldo"), True),
        ]:
            direction = None
            if key and current.lstrip("-") == key:
                direction = "descending" if current.startswith("-") else "ascending"
            q = query.copy()
            if key:
                q["sort"] = f"-{key}" if direction == "ascending" else key
            headers.append(
                {"label": label, "money": money, "sortable": bool(key), "direction": direction, "query": q.urlencode()}
            )
        export_query = query.copy()
        export_query["format"] = "xlsx"
        context.update(headers=headers, export_query=export_query.urlencode(), title=_("Proefbalans"))
        return context


class RekeningenView(LedgerMixin, TableView):
    title = gettext_lazy("Rekeningschema")
    empty_noun = gettext_lazy("rekeningen")
    intro = gettext_lazy(
        "De rekeningen van het standaardschema en uw eigen grootboeknummers. Financiën kan nummer, naam, "
        "kostenplaats en Iv3-codering aanpassen aan het eigen rekeningschema."
    )
    template_name = "grootboek/rekeningen.html"
    export_filename = "rekeningschema"
    filter_form_class = RekeningFilterForm
    default_sort = "nummer"
    tab = "grootboek:rekeningen"
    columns = [
        Column("nummer", gettext_lazy("Grootboeknummer"), sort="nummer", link=True),
        Column("naam", gettext_lazy("Naam"), sort="naam"),
        Column("soort", gettext_lazy("Soort"), sort="soort", value=lambda r: r.get_soort_display()),
        Column("rol", gettext_lazy("Rol"), sort="rol", value=lambda r: r.get_rol_display()),
        Column("beschikkingsnummer", gettext_lazy("Beschikking"), sort="beschikkingsnummer"),
        Column("kostenplaats", gettext_lazy("Kostenplaats"), sort="kostenplaats"),
        Column("taakveld", gettext_lazy("Taakveld"), sort="taakveld"),
        Column("economische_categorie", gettext_lazy("Ec. categorie")),
        Column("actief", gettext_lazy("Actief"), sort="actief"),
        Column("saldo", gettext_lazy("Saldo (D − C)"), sort="saldo", money=True),
    ]

    def get_base_queryset(self):
        return queries.rekeningen_met_saldo(self.gemeente)


class RekeningkaartView(LedgerMixin, TableView):
    template_name = "grootboek/rekeningkaart.html"
    filter_form_class = RekeningkaartFilterForm
    default_sort = "boekdatum"
    tab = "grootboek:rekeningen"
    paginate_by = 50
    columns = [
        Column(
            "boekdatum",
            gettext_lazy("Boekdatum"),
            sort="journaalpost__boekdatum",
            value=lambda r: r.journaalpost.boekdatum,
        ),
        Column("stuknummer", gettext_lazy("Stuknummer"), link=True, value=lambda r: r.journaalpost.stuknummer),
        Column(
            "omschrijving", gettext_lazy("Omschrijving"), value=lambda r: r.omschrijving or r.journaalpost.omschrijving
        ),
        Column("relatie", gettext_lazy("Relatie"), value=lambda r: r.relatie.naam if r.relatie_id else None),
        Column("bestedingsjaar", gettext_lazy("Bestedingsjaar")),
        Column("debet", gettext_lazy("Debet"), money=True),
        Column("credit", gettext_lazy("Credit"), money=True),
        Column("lopend_saldo", gettext_lazy("Saldo"), money=True),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.rekening = _rekening(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("Rekeningkaart %(rekening)s") % {"rekening": self.rekening}

    @property
    def export_filename(self):
        return f"rekeningkaart-{self.rekening.nummer}"

    # Keyset pages (queries.rekeningkaart_pagina) instead of Django's OFFSET pagination.
    paginate_by = None

    def get_queryset(self):
        form = self.filter_form = RekeningkaartFilterForm(self.request.GET or None)
        van = tot = jaar = None
        if form.is_bound and form.is_valid():
            van, tot, jaar = form.cleaned_data["van"], form.cleaned_data["tot"], form.cleaned_data["bestedingsjaar"]
        self.periode = (van, tot, jaar)
        aflopend = self.current_sort().startswith("-")
        if self.request.GET.get("format") == "xlsx":
            self.beginsaldo, queryset = queries.rekeningkaart(self.rekening, van=van, tot=tot, bestedingsjaar=jaar)
            return queryset.reverse() if aflopend else queryset
        self.pagina = queries.rekeningkaart_pagina(
            self.rekening,
            van=van,
            tot=tot,
            bestedingsjaar=jaar,
            aflopend=aflopend,
            cursor=self.request.GET.get("pagina"),
            grootte=self.page_size,
        )
        self.beginsaldo = self.pagina.beginsaldo
        return self.pagina.regels

    page_size = 50

    def get_base_queryset(self):  # pragma: no cover - get_queryset is overridden
        return Journaalregel.objects.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("pagina", None)
        context.update(
            pagina=self.pagina,
            result_count=self.pagina.aantal,
            query_zonder_pagina=query.urlencode(),
            rekening=self.rekening,
            beginsaldo=self.beginsaldo,
            eindsaldo=queries.saldo(self.rekening, tot_datum=self.periode[1], bestedingsjaar=self.periode[2]),
            per_jaar=queries.saldo_per_jaar(self.rekening),
            mag_wijzigen=self.request.user.has_perm("grootboek.wijzig_rekeningschema", self.rekening),
        )
        return context


class RekeningWijzigenView(LedgerTemplateView):
    template_name = "grootboek/rekening_form.html"
    tab = "grootboek:rekeningen"

    def _rekening(self):
        return _rekening(self.request.user, self.kwargs["pk"], "grootboek.wijzig_rekeningschema")

    def get(self, request, *args, **kwargs):
        rekening = self._rekening()
        return self.render_to_response(self.get_context_data(rekening=rekening, form=RekeningForm(instance=rekening)))

    def post(self, request, *args, **kwargs):
        rekening = self._rekening()
        form = RekeningForm(request.POST, instance=Rekening.objects.get(pk=rekening.pk))
        if form.is_valid():
            try:
                wijzig_rekening(request.user, rekening, **{f: form.cleaned_data[f] for f in RekeningForm.Meta.fields})
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Rekening %(nr)s is bijgewerkt.") % {"nr": form.cleaned_data["nummer"]})
                return redirect(rekening)
        return self.render_to_response(self.get_context_data(rekening=rekening, form=form), status=400)


class AansluitingView(LedgerTemplateView):
    """Reconciliation of the ledger with the subledgers (spuk, declaraties) per beschikking, for the
    active gemeente; `?beschikking=NR` narrows it to one beschikking, `?format=xlsx` downloads it."""

    template_name = "grootboek/aansluiting.html"
    tab = "grootboek:aansluiting"

    def regels(self):
        if self.gemeente is None:
            return []
        return controles.aansluitregels(self.gemeente, self.request.GET.get("beschikking") or None)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            headers = [
                _("Controle"),
                _("Beschikking"),
                _("Onderwerp"),
                _("Grootboek"),
                _("Subadministratie"),
                _("Verschil"),
            ]
            rows = [
                [r.controle, r.beschikkingsnummer, r.onderwerp, r.grootboek, r.subadministratie, r.verschil]
                for r in self.regels()
            ]
            return xlsx_response("aansluiting", [(_("Aansluiting"), headers, rows)])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regels = self.regels()
        context.update(
            regels=regels,
            verschillen=[r for r in regels if not r.klopt],
            beschikkingen=queries.beschikkingsnummers(self.gemeente),
            gekozen=self.request.GET.get("beschikking", ""),
            title=_("Aansluiting grootboek en subadministraties"),
        )
        return context


class BoekjarenView(LedgerTemplateView):
    template_name = "grootboek/boekjaren.html"
    tab = "grootboek:boekjaren"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            jaren=queries.boekjaren_overzicht(self.gemeente),
            title=_("Boekjaren"),
            mag_sluiten=self.gemeente is not None
            and self.request.user.has_perm("grootboek.sluit_boekjaar", self.gemeente),
        )
        return context

    def get(self, request, *args, **kwargs):
        if "sluiten" in request.GET:
            return self.bevestig_sluiten(request, request.GET["sluiten"])
        return super().get(request, *args, **kwargs)

    def bevestig_sluiten(self, request, jaar):
        """Closing a boekjaar cannot be undone: GET ?sluiten=<jaar> shows what happens (and what still
        blocks it); only the POST of that page closes the year."""
        if self.gemeente is None or not request.user.has_perm("grootboek.sluit_boekjaar", self.gemeente):
            raise PermissionDenied
        form = BoekjaarSluitenForm({"jaar": jaar})
        if not form.is_valid():
            messages.error(request, _("Kies een geldig jaar."))
            return redirect("grootboek:boekjaren")
        jaar = form.cleaned_data["jaar"]
        gevolgen = [
            _("Boekjaar %(jaar)s van %(g)s wordt gesloten: daarna kan niemand er nog in boeken, ook geen correctie.")
            % {"jaar": jaar, "g": self.gemeente},
            _("Correcties op %(jaar)s boekt u daarna in een later boekjaar.") % {"jaar": jaar},
            *bezwaren_tegen_sluiten(self.gemeente, jaar),
        ]
        return render(
            request,
            "core/bevestigen.html",
            {
                "titel": _("Boekjaar %(jaar)s sluiten") % {"jaar": jaar},
                "gevolgen": gevolgen,
                "form": form,
                "knop": _("Boekjaar %(jaar)s sluiten") % {"jaar": jaar},
                "actie": request.path,
                "annuleren": reverse("grootboek:boekjaren"),
            },
        )

    def post(self, request, *args, **kwargs):
        if self.gemeente is None or not request.user.has_perm("grootboek.sluit_boekjaar", self.gemeente):
            raise PermissionDenied
        try:
            jaar = int(request.POST.get("jaar", ""))
            sluit_boekjaar(request.user, self.gemeente, jaar)
        except (ValueError, BoekingGeweigerd) as exc:
            for tekst in exc.messages if hasattr(exc, "messages") else [_("Kies een geldig jaar.")]:
                messages.error(request, tekst)
        else:
            messages.success(request, _("Boekjaar %(jaar)s is gesloten.") % {"jaar": jaar})
        return redirect("grootboek:boekjaren")


class ErpExportView(LedgerTemplateView):
    template_name = "grootboek/erp_export.html"
    tab = "grootboek:erp_export"

    def get(self, request, *args, **kwargs):
        profiel = erp.profiel_van(self.gemeente) if self.gemeente else None
        form = ErpExportForm(request.GET if "formaat" in request.GET else None)
        if form.is_bound and form.is_valid() and self.gemeente is not None:
            van, tot = form.cleaned_data["van"], form.cleaned_data["tot"]
            naam = f"grootboek-{self.gemeente.cbs_code or self.gemeente.pk}-{van:%Y%m%d}-{tot:%Y%m%d}"
            # Every entry has at least two lines: a cheap count on the entries' index says when the
            # file is too big to build in the request (102,000 lines took 16.4 s, issue 15).
            groot = queries.aantal_posten(self.gemeente, van, tot) * 2 > settings.EXPORT_DIRECT_MAX
            if groot and form.cleaned_data["formaat"] == "xlsx":
                parameters = {"van": van.isoformat(), "tot": tot.isoformat()}
                rapport = vraag_rapport_aan(request.user, "grootboek_erp_xlsx", parameters, self.gemeente)
                messages.info(request, _("Deze export is groot; hij wordt op de achtergrond gemaakt."))
                return redirect(rapport)
            if groot:
                form.add_error(
                    None,
                    _(
                        "Deze periode heeft te veel boekingen om direct als CSV te downloaden. Kies een kortere "
                        "periode, of Excel (XLSX): die wordt op de achtergrond gemaakt."
                    ),
                )
                return self.render_to_response(
                    self.get_context_data(
                        form=form, profiel=profiel, title=_("Export naar het financiële systeem (ERP)")
                    ),
                    status=400,
                )
            if form.cleaned_data["formaat"] == "xlsx":
                headers, rows = erp.export_tabel(self.gemeente, van, tot, profiel)
                return xlsx_response(naam, [(_("Grootboek"), headers, rows)])
            response = HttpResponse(
                erp.export_csv(self.gemeente, van, tot, profiel), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{naam}.csv"'
            return private_response(response)
        if not form.is_bound:
            vandaag = timezone.localdate()
            form = ErpExportForm(initial={"van": vandaag.replace(day=1), "tot": vandaag, "formaat": "csv"})
        return self.render_to_response(
            self.get_context_data(form=form, profiel=profiel, title=_("Export naar het financiële systeem (ERP)")),
            status=400 if form.is_bound else 200,
        )


class ErpExportAchtergrondView(LedgerTemplateView):
    """POST: queue the XLSX of the chosen period as a background report (for long periods)."""

    template_name = "grootboek/erp_export.html"
    tab = "grootboek:erp_export"

    def post(self, request, *args, **kwargs):
        form = ErpExportForm(request.POST)
        if self.gemeente is None or not form.is_valid():
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    profiel=erp.profiel_van(self.gemeente) if self.gemeente else None,
                    title=_("Export naar het financiële systeem (ERP)"),
                ),
                status=400,
            )
        parameters = {"van": form.cleaned_data["van"].isoformat(), "tot": form.cleaned_data["tot"].isoformat()}
        rapport = vraag_rapport_aan(request.user, "grootboek_erp_xlsx", parameters, self.gemeente)
        return redirect(rapport)


class ErpProfielView(LedgerTemplateView):
    template_name = "grootboek/erp_profiel.html"
    tab = "grootboek:erp_export"

    def _check(self):
        if self.gemeente is None or not self.request.user.has_perm("grootboek.wijzig_rekeningschema", self.gemeente):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(velden=[(k, v[0]) for k, v in erp.VELDEN.items()], title=_("ERP-exportprofiel"))
        return context

    def get(self, request, *args, **kwargs):
        self._check()
        profiel = erp.profiel_van(self.gemeente)
        form = ErpProfielForm(
            initial={
                "kolommen": ErpProfielForm.kolommen_als_tekst(profiel.kolommen),
                "scheidingsteken": profiel.scheidingsteken,
                "decimaalkomma": profiel.decimaalkomma,
                "datumformaat": profiel.datumformaat,
            }
        )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self._check()
        form = ErpProfielForm(request.POST)
        if form.is_valid():
            try:
                sla_erp_profiel_op(request.user, self.gemeente, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("kolommen", exc)
            else:
                messages.success(request, _("Het ERP-exportprofiel is opgeslagen."))
                return redirect("grootboek:erp_export")
        return self.render_to_response(self.get_context_data(form=form), status=400)
