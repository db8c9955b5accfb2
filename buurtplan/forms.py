from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.fields import BedragFormField
from core.forms import verplicht_als
from core.lists import FilterForm
from core.models import Organisatie
from core.zoekkeuze import ZoekKeuzeField

from .models import (
    CRITERIA,
    EERSTE_JAAR,
    LAATSTE_JAAR,
    Begrotingsregel,
    Buurt,
    Buurtbegroting,
    Buurtplan,
    Interventie,
    Netwerklid,
    Ondertekening,
    Thema,
)
from .queries import alliantie_keuzes, filter_organisaties, organisaties_voor_buurt, organisaties_voor_gemeente


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BuurtForm(forms.ModelForm):
    class Meta:
        model = Buurt
        fields = [
            "naam",
            "gemeente",
            "regio",
            "alliantiepartners",
            "cohort",
            "inwoners",
            "marktaandeel",
            "startdatum",
        ] + [name for prefix, _label in CRITERIA for name in (prefix, f"{prefix}_toelichting")]
        widgets = {"startdatum": DateInput(), "alliantiepartners": forms.CheckboxSelectMultiple} | {
            f"{prefix}_toelichting": forms.Textarea(attrs={"rows": 2}) for prefix, _label in CRITERIA
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Organisatie.objects.filter(pk__in=user.gemeente_ids, soort="gemeente")
        huidige = self.instance.alliantiepartners.all() if self.instance.pk else ()
        self.fields["alliantiepartners"].queryset = alliantie_keuzes(user.gemeente_ids, ook=huidige)
        self.fields["alliantiepartners"].error_messages["required"] = _("Kies ten minste één alliantiepartner.")
        if len(user.gemeente_ids) == 1 and not self.instance.pk:
            self.fields["gemeente"].initial = next(iter(user.gemeente_ids))
        self.fields["marktaandeel"].widget.attrs["inputmode"] = "decimal"
        for prefix, label in CRITERIA:
            self.fields[f"{prefix}_toelichting"].label = _("Toelichting: %(criterium)s") % {"criterium": label}

    def criteria_fields(self):
        return [(self[prefix], self[f"{prefix}_toelichting"]) for prefix, _label in CRITERIA]

    def basis_fields(self):
        return [
            self[name]
            for name in [
                "naam",
                "gemeente",
                "regio",
                "alliantiepartners",
                "cohort",
                "inwoners",
                "marktaandeel",
                "startdatum",
            ]
        ]


class NetwerklidForm(forms.ModelForm):
    class Meta:
        model = Netwerklid
        fields = ["naam", "discipline", "kartrekker", "organisatie_naam", "email"]


class ThemaKeuzeForm(forms.Form):
    van_toepassing = forms.TypedChoiceField(
        label=_("Van toepassing?"),
        choices=[("ja", _("Ja, van toepassing")), ("nee", _("Nee, niet van toepassing"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    reden = verplicht_als(
        forms.CharField(label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2})),
        _("als het thema niet van toepassing is"),
    )


class ActiviteitForm(forms.Form):
    thema = forms.ModelChoiceField(label=_("Thema"), queryset=Thema.objects.none())
    interventie = forms.ModelChoiceField(
        label=_("Interventie uit de menukaart"),
        queryset=Interventie.objects.none(),
        required=False,
        help_text=_("Kies een bewezen interventie of laat leeg voor een eigen activiteit."),
    )
    naam = forms.CharField(
        label=_("Naam van de activiteit"),
        max_length=200,
        required=False,
        help_text=_("Leeg laten: de naam van de interventie wordt gebruikt."),
    )
    omschrijving = forms.CharField(label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    uitvoerende_partner = forms.ModelChoiceField(
        label=_("Uitvoerende partner"), queryset=Organisatie.objects.none(), required=False
    )

    def __init__(self, *args, buurt, huidige_partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        transformatieplan = buurt.transformatieplan
        self.fields["thema"].queryset = transformatieplan.themas.all()
        self.fields["interventie"].queryset = Interventie.objects.filter(
            thema__transformatieplan=transformatieplan
        ).select_related("thema")
        self.fields["interventie"].label_from_instance = lambda obj: f"{obj.thema.naam}: {obj.naam}"
        # Who works in this gemeente's buurten; choosing one links it to this buurt (the service).
        self.fields["uitvoerende_partner"].queryset = organisaties_voor_gemeente(
            buurt.gemeente_id, ook=[huidige_partner]
        ).exclude(soort="zorgverzekeraar")

    def clean(self):
        data = super().clean()
        if not data.get("naam") and not data.get("interventie"):
            self.add_error("naam", _("Geef de activiteit een naam of kies een interventie uit de menukaart."))
        return data


KIES = [("", _("– kies –"))]
JAAR_KEUZES = KIES + [(jaar, str(jaar)) for jaar in range(EERSTE_JAAR, LAATSTE_JAAR + 1)]


class BegrotingsregelForm(forms.Form):
    regel_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    activiteit = forms.ModelChoiceField(label=_("Activiteit"), queryset=None)
    jaar = forms.TypedChoiceField(label=_("Jaar"), choices=JAAR_KEUZES, coerce=int, empty_value=None)
    domein = forms.ChoiceField(label=_("Domein"), choices=KIES + list(Begrotingsregel.Domein.choices))
    financiering = forms.ChoiceField(label=_("Financiering"), choices=KIES + list(Begrotingsregel.Financiering.choices))
    ontvangende_partner = forms.ModelChoiceField(label=_("Ontvangende partner"), queryset=None)
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)
    bedrag = BedragFormField(label=_("Bedrag"), min_value=0)
    verwijderen = forms.BooleanField(label=_("Verwijderen"), required=False)

    def __init__(self, *args, activiteiten, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activiteit"].queryset = activiteiten
        self.fields["ontvangende_partner"].queryset = partners
        self.fields["activiteit"].error_messages["required"] = _("Kies een activiteit.")
        self.fields["ontvangende_partner"].error_messages["required"] = _("Kies de ontvangende partner.")
        self.fields["activiteit"].empty_label = _("– kies –")
        self.fields["ontvangende_partner"].empty_label = _("– kies –")
        for name in ("jaar", "domein", "financiering"):
            self.fields[name].error_messages["required"] = _("Kies een waarde.")

    def clean(self):
        data = super().clean()
        if data.get("financiering") == "spuk" and data.get("domein") and data["domein"] != "sociaal_domein":
            self.add_error("domein", _("SPUK-middelen zijn alleen voor het sociaal domein."))
        return data


class BaseRegelFormSet(forms.BaseFormSet):
    def __init__(self, *args, activiteiten, partners, **kwargs):
        self.activiteiten = activiteiten
        self.partners = partners
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"activiteiten": self.activiteiten, "partners": self.partners}


# One empty row; "Regel toevoegen" adds more (a submit without JavaScript, a cloned row with it).
RegelFormSet = forms.formset_factory(BegrotingsregelForm, formset=BaseRegelFormSet, extra=1, can_delete=False)


class ImportForm(forms.Form):
    bestand = forms.FileField(label=_("Excel-bestand (.xlsx)"), help_text=_("Gebruik de kolommen van de export."))


class BeoordelingForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit van de begrotingscommissie"),
        choices=[("goedgekeurd", _("Goedgekeurd")), ("teruggestuurd", _("Teruggestuurd met opmerkingen"))],
        widget=forms.RadioSelect,
    )
    datum = forms.DateField(label=_("Datum van het besluit"), widget=DateInput())
    opmerkingen = forms.CharField(label=_("Opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RedenForm(forms.Form):
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


class OndertekeningForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort document"), choices=Ondertekening.Soort.choices)
    ondertekenaar = forms.CharField(label=_("Naam ondertekenaar"), max_length=200)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie (geregistreerd)"),
        queryset=Organisatie.objects.filter(actief=True),
        required=False,
        empty_label=_("— geen: een andere organisatie (hieronder) —"),
        help_text=_(
            "Kies de gemeente voor de commitment- of intentieverklaring en de overeenkomst. "
            "Tekent een organisatie die niet in de lijst staat, laat dit dan leeg en vul hieronder de naam in."
        ),
    )
    organisatie_naam = forms.CharField(
        label=_("Of: naam van een andere organisatie"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld een huisartsenpraktijk of bewonersgroep."),
    )
    functie = forms.CharField(label=_("Functie"), max_length=200)
    getekend_op = forms.DateField(label=_("Datum ondertekening"), widget=DateInput())
    document = forms.FileField(label=_("Gescand document (PDF, PNG of JPEG, hoogstens 10 MB)"))

    def __init__(self, *args, buurt, **kwargs):
        super().__init__(*args, **kwargs)
        # The buurt's gemeente and the organisations working in the buurt, not the whole register.
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            Q(pk=buurt.gemeente_id) | Q(pk__in=organisaties_voor_buurt(buurt).values("pk"))
        ).order_by("naam")

    def clean(self):
        data = super().clean()
        gekozen, naam = data.get("organisatie"), (data.get("organisatie_naam") or "").strip()
        if not gekozen and not naam:
            self.add_error("organisatie_naam", _("Kies een organisatie of vul de naam van de organisatie in."))
        elif gekozen and naam:
            # Never let one silently replace the other: the signer's organisation must be what was meant.
            self.add_error(
                "organisatie_naam",
                _(
                    "U koos %(gekozen)s én vulde ‘%(naam)s’ in. Laat de keuzelijst leeg voor een andere "
                    "organisatie, of maak dit veld leeg."
                )
                % {"gekozen": gekozen.naam, "naam": naam},
            )
        return data


class BuurtFilterForm(FilterForm):
    zoek = forms.CharField(label=_("Zoeken op naam"), required=False)
    cohort = forms.TypedChoiceField(
        label=_("Cohort"),
        choices=[("", _("Alle"))] + list(Buurt.Cohort.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    # Search fields, not selects: the national list filters on 351 gemeenten and as many partners
    # (two selects of 352 options were a third of the page, issue 15).
    gemeente = ZoekKeuzeField(
        Organisatie.objects.none(),
        label=_("Gemeente"),
        required=False,
        url_name="buurtplan:organisatie_zoeken",
        lijst="gemeente",
    )
    alliantiepartner = ZoekKeuzeField(
        Organisatie.objects.none(),
        label=_("Alliantiepartner"),
        required=False,
        url_name="buurtplan:organisatie_zoeken",
        lijst="alliantiepartner",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("geen", _("Geen buurtplan")),
            ("concept", _("In concept")),
            ("vastgesteld", _("Vastgesteld")),
        ],
    )

    begroting = forms.ChoiceField(
        label=_("Begroting"),
        required=False,
        choices=[("", _("Alle"))] + [(s.value, s.label) for s in Buurtbegroting.Status],
    )
    mijn = forms.BooleanField(label=_("Alleen buurten van mijn gemeente"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["gemeente"].queryset = filter_organisaties("gemeente")
        self.fields["alliantiepartner"].queryset = filter_organisaties("alliantiepartner")

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("mijn") and self.user is not None:
            queryset = queryset.filter(pk__in=Buurt.objects.visible_to(self.user).values("pk"))
        if data.get("begroting"):
            queryset = queryset.filter(
                pk__in=Buurtbegroting.objects.filter(status=data["begroting"]).values("buurtplan__buurt")
            )
        if data.get("zoek"):
            queryset = queryset.filter(naam__icontains=data["zoek"])
        if data.get("cohort"):
            queryset = queryset.filter(cohort=data["cohort"])
        if data.get("gemeente"):
            queryset = queryset.filter(gemeente=data["gemeente"])
        if data.get("alliantiepartner"):
            # A subquery: the overview sums per buurt and must not count a buurt twice.
            queryset = queryset.filter(
                pk__in=Buurt.alliantiepartners.through.objects.filter(organisatie=data["alliantiepartner"]).values(
                    "buurt_id"
                )
            )
        status = data.get("status")
        vastgesteld = Exists(Buurtplan.objects.filter(buurt=OuterRef("pk"), status="vastgesteld"))
        if status == "geen":
            queryset = queryset.filter(buurtplannen__isnull=True)
        elif status == "vastgesteld":
            queryset = queryset.filter(vastgesteld)
        elif status == "concept":
            queryset = queryset.filter(buurtplannen__isnull=False).exclude(vastgesteld).distinct()
        return queryset


# Partner organisations (beheer) ---------------------------------------------------------------

PARTNER_SOORT_KEUZES = [(k, v) for k, v in Organisatie.Soort.choices if k != Organisatie.Soort.GEMEENTE]


class BuurtKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.gemeente.naam})"


class OrganisatieForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    soort = forms.ChoiceField(label=_("Soort"), choices=PARTNER_SOORT_KEUZES)
    kvk_nummer = forms.CharField(
        label=_("KvK-nummer"), max_length=12, required=False, help_text=_("Acht cijfers, bijvoorbeeld 41234567.")
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    buurten = BuurtKeuze(
        label=_("Werkt in de buurten"),
        queryset=Buurt.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen de buurten van uw gemeente(n); koppelingen met buurten elders blijven staan."),
    )
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Komt op de tijdlijn.")
    )

    def __init__(self, *args, buurten, alleen_buurten=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurten"].queryset = buurten
        if alleen_buurten:
            # The organisation works in another gemeente too: its details are not this administrator's.
            for naam in ("naam", "soort", "kvk_nummer", "email"):
                del self.fields[naam]

    def clean_kvk_nummer(self):
        return self.cleaned_data["kvk_nummer"].replace(" ", "").strip()


class OrganisatieFilter(FilterForm):
    zoek = forms.CharField(label=_("Zoek op naam of KvK-nummer"), required=False)
    soort = forms.ChoiceField(label=_("Soort"), choices=[("", _("Alle"))] + PARTNER_SOORT_KEUZES, required=False)
    actief = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), ("ja", _("Actief")), ("nee", _("Gedeactiveerd"))], required=False
    )
    buurt = forms.ModelChoiceField(label=_("Buurt"), queryset=Buurt.objects.none(), required=False)

    def __init__(self, *args, buurten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = buurten

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("zoek"):
            queryset = queryset.filter(Q(naam__icontains=data["zoek"]) | Q(kvk_nummer__icontains=data["zoek"]))
        if data.get("soort"):
            queryset = queryset.filter(soort=data["soort"])
        if data.get("actief"):
            queryset = queryset.filter(actief=data["actief"] == "ja")
        if data.get("buurt"):
            queryset = queryset.filter(werkbuurten=data["buurt"])
        return queryset
