import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtplan.models import EERSTE_JAAR, LAATSTE_JAAR, Activiteit
from core.fields import BedragFormField
from core.forms import verplicht_als
from core.lists import FilterForm
from core.models import Organisatie

from .models import Indicator, LandelijkOordeel, Meting, Mijlpaal, MijlpaalBedrag, MijlpaalStatus
from .queries import filter_termijn

JAREN = [(jaar, str(jaar)) for jaar in range(EERSTE_JAAR, LAATSTE_JAAR + 1)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MijlpalenFilterForm(FilterForm):
    soort = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle"))] + Mijlpaal.Soort.choices)
    landelijk = forms.ChoiceField(
        label=_("Landelijke status"), required=False, choices=[("", _("Alle"))] + MijlpaalStatus.Status.choices
    )

    termijn = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Alle")), ("te_laat", _("Open en te laat")), ("binnenkort", _("Open, binnen 30 dagen"))],
    )

    def filter(self, queryset):
        termijn = self.cleaned_data.get("termijn")
        if termijn:
            queryset = filter_termijn(queryset, termijn, datetime.date.today())
        if self.cleaned_data.get("soort"):
            queryset = queryset.filter(soort=self.cleaned_data["soort"])
        if self.cleaned_data.get("landelijk"):
            queryset = queryset.filter(landelijk=self.cleaned_data["landelijk"])
        return queryset


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MijlpaalStatus.Status.choices, widget=forms.RadioSelect)
    beoordeeld_op = verplicht_als(
        forms.DateField(
            label=_("Datum beoordeling"),
            required=False,
            widget=DateInput,
            help_text=_("De datum waarop de coördinerend zorgverzekeraar de mijlpaal beoordeelde."),
        ),
        _("bij behaald of niet behaald"),
    )
    beoordelaar = forms.ModelChoiceField(
        label=_("Beoordeeld door (coördinerend zorgverzekeraar)"),
        required=False,
        queryset=Organisatie.objects.filter(soort=Organisatie.Soort.ZORGVERZEKERAAR, actief=True),
    )
    toelichting = verplicht_als(
        forms.CharField(
            label=_("Toelichting"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Waarom, en op basis van welk bewijs."),
        ),
        _("bij behaald of niet behaald"),
    )
    bewijsstuk = forms.FileField(
        label=_("Bewijsstuk"),
        required=False,
        help_text=_("PDF, PNG of JPEG, hoogstens 10 MB."),
    )


class BewijsstukForm(forms.Form):
    bewijsstuk = forms.FileField(label=_("Bewijsstuk"), help_text=_("PDF, PNG of JPEG, hoogstens 10 MB."))


class BedragForm(forms.Form):
    mijlpaal = forms.ModelChoiceField(label=_("Mijlpaal"), queryset=Mijlpaal.objects.none())
    jaar = forms.TypedChoiceField(label=_("Jaar"), choices=JAREN, coerce=int)
    bedrag_sociaal_domein = BedragFormField(label=_("Bedrag sociaal domein"), min_value=Decimal("0"))
    bedrag_zorg = BedragFormField(label=_("Bedrag zorg"), min_value=Decimal("0"), required=False)
    risicodrager = forms.ChoiceField(label=_("Risicodrager"), choices=MijlpaalBedrag.Risicodrager.choices)

    def __init__(self, *args, buurt=None, **kwargs):
        super().__init__(*args, **kwargs)
        if buurt is not None:
            self.fields["mijlpaal"].queryset = Mijlpaal.objects.filter(transformatieplan_id=buurt.transformatieplan_id)


class ImportForm(forms.Form):
    bestand = forms.FileField(label=_("Excel-bestand (.xlsx)"))


class MetingForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.all())
    groep = forms.ChoiceField(label=_("Groep"), choices=Meting.Groep.choices)
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    waarde = forms.CharField(label=_("Waarde"), help_text=_("Bijvoorbeeld 58,3"))
    vergelijkingsbuurten = forms.CharField(
        label=_("Vergelijkingsbuurten"),
        required=False,
        max_length=300,
        help_text=_("Alleen bij de vergelijkingsgroep: welke buurten vormen die groep."),
    )
    bron = forms.CharField(label=_("Bron"), required=False, max_length=200)

    def clean_waarde(self):
        raw = self.cleaned_data["waarde"].strip()
        text = raw.replace(".", "").replace(",", ".") if "," in raw else raw
        try:
            value = Decimal(text).quantize(Decimal("0.0001"))
        except InvalidOperation:
            raise forms.ValidationError(
                _("‘%(waarde)s’ is geen getal. Schrijf bijvoorbeeld 58,3."), params={"waarde": raw}
            ) from None
        if abs(value) >= Decimal("1e10"):
            raise forms.ValidationError(_("Deze waarde is te groot."))
        return value


class LandelijkOordeelForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=_("Oordeel"), choices=LandelijkOordeel.Uitkomst.choices, widget=forms.RadioSelect
    )
    beoordelaar = forms.ModelChoiceField(
        label=_("Coördinerend zorgverzekeraar"),
        queryset=Organisatie.objects.filter(soort=Organisatie.Soort.ZORGVERZEKERAAR, actief=True),
    )
    beoordeeld_op = forms.DateField(
        label=_("Datum van het oordeel"),
        widget=DateInput,
        help_text=_("De datum waarop de coördinerend zorgverzekeraar de mijlpaal landelijk beoordeelde."),
    )
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}))
    bewijsstuk = forms.FileField(
        label=_("Bewijsstuk (oordeel van de zorgverzekeraar)"), help_text=_("PDF, PNG of JPEG, hoogstens 10 MB.")
    )


class KoppelActiviteitenForm(forms.Form):
    activiteiten = forms.ModelMultipleChoiceField(
        label=_("Activiteiten die deze mijlpaal dienen"),
        queryset=Activiteit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, buurtplan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if buurtplan is not None:
            self.fields["activiteiten"].queryset = buurtplan.activiteiten.order_by("naam")


class WijzigingForm(forms.Form):
    bedrag = forms.IntegerField(widget=forms.HiddenInput)
    bedrag_sociaal_domein = BedragFormField(label=_("Nieuw bedrag sociaal domein"))
    bedrag_zorg = BedragFormField(label=_("Nieuw bedrag zorg"))
    reden = forms.CharField(
        label=_("Reden van de wijziging"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld het wijzigingsbesluit van DUS-I."),
    )


class MijlpaalForm(forms.Form):
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=500)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    criterium = forms.CharField(
        label=_("Criterium"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wanneer geldt de mijlpaal als behaald?"),
    )
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Komt op de tijdlijn.")
    )
