import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtplan.models import Buurt
from buurtplan.queries import organisaties_voor_gemeenten
from core.fields import BedragFormField
from core.forms import verplicht_als
from core.lists import FilterForm
from core.models import Gemeente, Organisatie
from core.zoekkeuze import ZoekKeuzeField

from .models import Aanvraag, Terugbetaling
from .queries import sisa_open, termijnen_niet_ontvangen

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DATE, **kwargs)


class AanvraagForm(forms.Form):
    """The aanvraag with one amount field per year of the regulation."""

    titel = forms.CharField(label=_("Titel"), max_length=200)
    zaaknummer = forms.CharField(label=_("Zaaknummer"), max_length=50)
    datum_collegebesluit = _date_field(_("Datum collegebesluit"), required=False)
    portefeuillehouder = forms.CharField(label=_("Portefeuillehouder"), max_length=200, required=False)
    opsteller = forms.CharField(label=_("Opsteller"), max_length=200, required=False)
    deelnemende_gemeenten = forms.ModelMultipleChoiceField(
        label=_("Deelnemende gemeenten (medeoverheden)"),
        queryset=Gemeente.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    buurten = forms.ModelMultipleChoiceField(
        label=_("Buurten"),
        queryset=Buurt.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één buurt.")},
    )
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, gemeente, regeling, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        self.regeling = regeling
        self.fields["deelnemende_gemeenten"].queryset = Gemeente.objects.exclude(pk=gemeente.pk).order_by("naam")
        gemeente_ids = [gemeente.pk]
        if self.is_bound:
            gemeente_ids += [int(i) for i in self.data.getlist("deelnemende_gemeenten") if str(i).isdigit()]
        elif self.initial.get("deelnemende_gemeenten"):
            gemeente_ids += [g.pk for g in self.initial["deelnemende_gemeenten"]]
        self.fields["buurten"].queryset = (
            Buurt.objects.filter(Q(gemeente_id__in=gemeente_ids))
            .select_related("gemeente")
            .order_by("gemeente__naam", "naam")
        )
        self.fields["buurten"].label_from_instance = lambda b: f"{b.naam} ({b.gemeente.naam})"
        for jaar in regeling.jaren:
            self.fields[f"bedrag_{jaar}"] = BedragFormField(
                label=_("Aangevraagd bedrag %(jaar)s") % {"jaar": jaar},
                required=False,
                min_value=0,
            )

    def bedragen(self):
        return {
            jaar: self.cleaned_data.get(f"bedrag_{jaar}")
            for jaar in self.regeling.jaren
            if self.cleaned_data.get(f"bedrag_{jaar}") is not None
        }

    def velden(self):
        return {
            key: self.cleaned_data[key]
            for key in ("titel", "zaaknummer", "datum_collegebesluit", "portefeuillehouder", "opsteller", "toelichting")
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"bedrag_{jaar}") for jaar in self.regeling.jaren):
            raise forms.ValidationError(_("Vul voor minstens één jaar een aangevraagd bedrag in."))
        return cleaned


class IndienenForm(forms.Form):
    reden = verplicht_als(
        forms.CharField(
            label=_("Reden voor de afwijking"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Alleen als de bedragen afwijken van de buurtbegrotingen of de mijlpalen."),
        ),
        _("bij een afwijking"),
    )


class RedenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": _("Vul de reden in.")}
    )


class VerleenForm(forms.Form):
    nummer = forms.CharField(label=_("Beschikkingsnummer"), max_length=60)
    datum = _date_field(_("Datum beschikking"))
    bedrag = BedragFormField(label=_("Verleend bedrag"), min_value=0)


class DocumentForm(forms.Form):
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=200)
    bestand = forms.FileField(label=_("Bestand (PDF, PNG of JPEG, hoogstens 10 MB)"))


class TermijnForm(forms.Form):
    ontvangen_op = _date_field(_("Ontvangen op"))
    bedrag = BedragFormField(label=_("Ontvangen bedrag"), min_value=0)


class TermijnStornoForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van de storno"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden van de storno.")},
    )
    boekdatum = _date_field(_("Boekdatum storno"))
    bevestig = forms.BooleanField(
        label=_("Ik begrijp dat de ontvangst wordt tegengeboekt en de termijn weer op verwacht komt."),
        error_messages={"required": _("Bevestig de storno: vink het vakje aan.")},
    )


def partners(gemeente_ids=None):
    """Who a repayment can be recovered from: the organisations working in the buurten of the
    beschikking's gemeente (a search field, core.zoekkeuze), not the whole register."""
    if gemeente_ids is None:
        return Organisatie.objects.exclude(soort=Organisatie.Soort.GEMEENTE).order_by("naam")
    return organisaties_voor_gemeenten(gemeente_ids)


class JaarafsluitingForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2024, max_value=2100)


class TerugbetalingForm(forms.Form):
    reden = forms.ChoiceField(label=_("Reden"), choices=Terugbetaling.Reden.choices)
    bedrag = BedragFormField(label=_("Bedrag"), min_value=0)
    boekdatum = _date_field(_("Boekdatum"))
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    partner = ZoekKeuzeField(
        Organisatie.objects.none(),
        label=_("Verhalen op partner (risicodrager)"),
        required=False,
        url_name="spuk:partner_zoeken",
    )
    verhaald_bedrag = BedragFormField(label=_("Te verhalen bedrag"), min_value=0, required=False)

    def __init__(self, *args, gemeente_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners([gemeente_id] if gemeente_id else [])


class BetaaldForm(forms.Form):
    betaald_op = _date_field(_("Betaald op"))


class VaststellingForm(forms.Form):
    datum = _date_field(_("Datum vaststelling"))
    kenmerk = forms.CharField(label=_("Kenmerk"), max_length=100, required=False)
    bedrag = BedragFormField(label=_("Vastgesteld bedrag"), min_value=0)
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    partner = ZoekKeuzeField(
        Organisatie.objects.none(),
        label=_("Verhalen op partner (risicodrager)"),
        required=False,
        url_name="spuk:partner_zoeken",
    )
    verhaald_bedrag = BedragFormField(label=_("Te verhalen bedrag"), min_value=0, required=False)

    def __init__(self, *args, gemeente_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners([gemeente_id] if gemeente_id else [])


class DefinitiefForm(forms.Form):
    reden = verplicht_als(
        forms.CharField(label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2})),
        _("bij een nieuwe versie"),
    )


class EindverantwoordingForm(forms.Form):
    jaar = forms.IntegerField(
        label=_("Eindverantwoording in jaar"),
        required=False,
        min_value=2024,
        max_value=2100,
        help_text=_("Leeg: het laatste jaar van de periode."),
    )


class AanvraagFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + list(Aanvraag.Status.choices)
    )
    zoek = forms.CharField(label=_("Zoeken"), required=False)

    def filter(self, queryset):
        if self.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.cleaned_data["status"])
        if self.cleaned_data.get("zoek"):
            term = self.cleaned_data["zoek"]
            queryset = queryset.filter(Q(zaaknummer__icontains=term) | Q(titel__icontains=term))
        return queryset


def vandaag():
    return datetime.date.today()


class BeschikkingFilterForm(FilterForm):
    """The task inbox links here with `taak`: beschikkingen with work waiting."""

    taak = forms.ChoiceField(
        label=_("Werk"),
        required=False,
        choices=[
            ("", _("Alle beschikkingen")),
            ("termijn_niet_ontvangen", _("Met een termijn die niet is ontvangen")),
            ("sisa_concept", _("Met een SiSa-verantwoording die nog concept is")),
        ],
    )

    def filter(self, queryset):
        taak = self.cleaned_data.get("taak")
        if taak == "termijn_niet_ontvangen":
            queryset = queryset.filter(pk__in=termijnen_niet_ontvangen(queryset, vandaag()).values("beschikking"))
        elif taak == "sisa_concept":
            queryset = queryset.filter(pk__in={pk for pk, _jaar in sisa_open(queryset, vandaag())})
        return queryset


class RegelingForm(forms.Form):
    """The regulation's facts (landelijk beheer); the SiSa indicators follow the SiSa-bijlage in code."""

    naam = forms.CharField(label=_("Naam"), max_length=200)
    sisa_code = forms.CharField(label=_("SiSa-code"), max_length=20)
    startjaar = forms.IntegerField(label=_("Eerste jaar"), min_value=2000, max_value=2100)
    eindjaar = forms.IntegerField(label=_("Laatste jaar"), min_value=2000, max_value=2100)
    aanvraag_deadline = _date_field(_("Uiterste aanvraagdatum"), required=False)
    verantwoording_deadline = forms.CharField(label=_("Verantwoordingstermijn"), max_length=100, required=False)
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Komt op de tijdlijn.")
    )
