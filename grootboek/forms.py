import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import FilterForm

from . import erp, queries
from .models import ErpExportProfiel, Journaalregel, Rekening

MAANDEN = [
    (1, _("januari")),
    (2, _("februari")),
    (3, _("maart")),
    (4, _("april")),
    (5, _("mei")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("augustus")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _jaar_choices(gemeente, leeg=True):
    jaren = queries.boekjaren(gemeente) if gemeente is not None else []
    return ([("", _("Alle jaren"))] if leeg else []) + [(str(j), str(j)) for j in jaren]


class JournaalpostFilterForm(FilterForm):
    boekjaar = forms.TypedChoiceField(label=_("Boekjaar"), required=False, coerce=int, empty_value=None)
    periode = forms.TypedChoiceField(
        label=_("Periode"), required=False, coerce=int, empty_value=None, choices=[("", _("Alle perioden")), *MAANDEN]
    )
    rekening = forms.ModelChoiceField(
        label=_("Rekening"), required=False, queryset=Rekening.objects.none(), empty_label=_("Alle rekeningen")
    )
    stuknummer = forms.CharField(
        label=_("Stuknummer"), required=False, max_length=20, help_text=_("Bijvoorbeeld 2025-000012 of 12.")
    )
    zoek = forms.CharField(label=_("Omschrijving of bron bevat"), required=False, max_length=100)

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boekjaar"].choices = _jaar_choices(gemeente)
        self.fields["rekening"].queryset = Rekening.objects.filter(gemeente=gemeente).order_by("nummer")

    def clean_stuknummer(self):
        value = self.cleaned_data["stuknummer"].strip()
        if value and not re.fullmatch(r"(\d{4}-)?\d{1,9}", value):
            raise ValidationError(_("Een stuknummer ziet eruit als 2025-000012 (of alleen het volgnummer 12)."))
        return value

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("boekjaar"):
            queryset = queryset.filter(boekjaar=data["boekjaar"])
        if data.get("periode"):
            queryset = queryset.filter(boekdatum__month=data["periode"])
        if data.get("rekening"):
            queryset = queryset.filter(
                Exists(Journaalregel.objects.filter(journaalpost=OuterRef("pk"), rekening=data["rekening"]))
            )
        if data.get("stuknummer"):
            jaar, _sep, nummer = data["stuknummer"].rpartition("-")
            queryset = queryset.filter(volgnummer=int(nummer))
            if jaar:
                queryset = queryset.filter(boekjaar=int(jaar))
        if data.get("zoek"):
            queryset = queryset.filter(
                Q(omschrijving__icontains=data["zoek"]) | Q(bron_referentie__icontains=data["zoek"])
            )
        return queryset


class TegenboekForm(forms.Form):
    use_required_attribute = False  # validated on the server, with a Dutch message
    reden = forms.CharField(
        label=_("Reden van de tegenboeking"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de tegenboeking op.")},
    )
    boekdatum = forms.DateField(
        label=_("Boekdatum van de tegenboeking"), widget=DateInput(), initial=timezone.localdate
    )


class ProefbalansFilterForm(forms.Form):
    use_required_attribute = False
    boekjaar = forms.TypedChoiceField(label=_("Boekjaar"), coerce=int)
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Rekening.Soort.choices]
    )
    alleen_mutaties = forms.BooleanField(label=_("Alleen rekeningen met boekingen"), required=False)

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boekjaar"].choices = _jaar_choices(gemeente, leeg=False)


class RekeningFilterForm(FilterForm):
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Rekening.Soort.choices]
    )
    rol = forms.ChoiceField(label=_("Rol"), required=False, choices=[("", _("Alle rollen")), *Rekening.Rol.choices])
    zoek = forms.CharField(label=_("Nummer, naam of beschikking bevat"), required=False, max_length=100)

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("soort"):
            queryset = queryset.filter(soort=data["soort"])
        if data.get("rol"):
            queryset = queryset.filter(rol=data["rol"])
        if data.get("zoek"):
            z = data["zoek"]
            queryset = queryset.filter(
                Q(nummer__icontains=z) | Q(naam__icontains=z) | Q(beschikkingsnummer__icontains=z)
            )
        return queryset


class PeriodeForm(forms.Form):
    """A date range; both ends optional for the account card, required for the ERP export."""

    use_required_attribute = False
    van = forms.DateField(label=_("Van (boekdatum)"), required=False, widget=DateInput())
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise ValidationError(_("De begindatum ligt na de einddatum. Draai de datums om."))
        return data


class RekeningkaartFilterForm(PeriodeForm):
    bestedingsjaar = forms.IntegerField(label=_("Bestedingsjaar"), required=False, min_value=2000, max_value=2100)


class ErpExportForm(PeriodeForm):
    FORMATEN = [("csv", _("CSV")), ("xlsx", _("Excel (XLSX)"))]
    formaat = forms.ChoiceField(label=_("Bestandsformaat"), choices=FORMATEN, widget=forms.RadioSelect, initial="csv")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["van"].required = True
        self.fields["tot"].required = True
        self.fields["van"].error_messages["required"] = _("Vul de eerste boekdatum van de periode in.")
        self.fields["tot"].error_messages["required"] = _("Vul de laatste boekdatum van de periode in.")


class RekeningForm(forms.ModelForm):
    """The mapping of one account onto the gemeente's own chart (financien)."""

    class Meta:
        model = Rekening
        fields = ["nummer", "naam", "kostenplaats", "taakveld", "economische_categorie", "actief"]


class ErpProfielForm(forms.Form):
    kolommen = forms.CharField(
        label=_("Kolommen"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Eén kolom per regel, in de volgorde van het ERP: veld = kolomnaam. Bijvoorbeeld ‘rekening = Grootboek’."
        ),
    )
    scheidingsteken = forms.ChoiceField(
        label=_("Scheidingsteken (CSV)"), choices=ErpExportProfiel.Scheidingsteken.choices
    )
    decimaalkomma = forms.BooleanField(label=_("Bedragen met decimaalkomma (1234,56)"), required=False)
    datumformaat = forms.ChoiceField(label=_("Datumformaat (CSV)"), choices=ErpExportProfiel.Datumformaat.choices)

    @staticmethod
    def kolommen_als_tekst(kolommen):
        return "\n".join(f"{veld} = {naam}" for veld, naam in kolommen)

    def clean_kolommen(self):
        result = []
        for nummer, line in enumerate(self.cleaned_data["kolommen"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            veld, sep, naam = line.partition("=")
            veld = veld.strip()
            if veld not in erp.VELDEN:
                raise ValidationError(
                    _("Regel %(n)s: onbekend veld ‘%(veld)s’. Kies uit de lijst hieronder."),
                    params={"n": nummer, "veld": veld},
                )
            result.append([veld, naam.strip() if sep else ""])
        return erp.valideer_kolommen(result)


class BoekjaarSluitenForm(forms.Form):
    """The year on the confirmation page of closing a boekjaar (carried, not typed)."""

    jaar = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
