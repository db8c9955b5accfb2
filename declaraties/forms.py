from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtplan.models import Begrotingsregel, Buurt
from core.documents import validate_upload
from core.fields import BedragFormField
from core.lists import FilterForm
from core.models import Organisatie
from core.money import format_bedrag
from core.zoekkeuze import ZoekKeuzeField

from .models import Betaling, Declaratie, DeclaratieInstelling, InstellingWijziging
from .queries import partners_voor


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", **(attrs or {})}, format="%Y-%m-%d"
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class NodigBijIndienen:
    """Shown as needed (no "niet verplicht" marker) but an empty value is accepted here: a concept
    may be incomplete; `services.dien_in` refuses the submission with a message per field."""

    def validate(self, value):
        if value in self.empty_values or value is False:
            return
        super().validate(value)


class NodigDateField(NodigBijIndienen, forms.DateField):
    pass


class NodigBedragField(NodigBijIndienen, BedragFormField):
    pass


class NodigCharField(NodigBijIndienen, forms.CharField):
    pass


class NodigBooleanField(NodigBijIndienen, forms.BooleanField):
    pass


class RegelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, regel):
        label = f"{regel.begroting.buurtplan.buurt} – {regel.activiteit.naam} – {regel.jaar}"
        resterend = getattr(regel, "resterend", None)
        if resterend is not None:
            label += " " + str(_("(nog %(bedrag)s beschikbaar)") % {"bedrag": format_bedrag(resterend)})
        return label


BEDRAG_POSITIEF = _("Vul het bedrag in dat u declareert: groter dan € 0,00, bijvoorbeeld 1.234,56.")


class DeclaratieForm(forms.Form):
    """The partner's declaration. Nothing but the budget line is required to keep a concept; the
    rest is checked by `services.dien_in` when submitting, so typed input is never lost."""

    use_required_attribute = False

    begrotingsregel = RegelChoiceField(
        label=_("Activiteit en jaar"),
        queryset=Begrotingsregel.objects.none(),
        help_text=_(
            "De regel uit de buurtbegroting waarop u declareert. Het jaar is het jaar waarin de kosten zijn gemaakt."
        ),
        empty_label=_("— kies een activiteit —"),
        error_messages={
            "required": _("Kies de activiteit en het jaar waarvoor u declareert."),
            "invalid_choice": _("Kies een activiteit uit de lijst."),
        },
    )
    periode_van = NodigDateField(
        label=_("Periode van"),
        widget=DateInput(),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 01-04-2025.")},
    )
    periode_tot = NodigDateField(
        label=_("Periode tot en met"),
        widget=DateInput(),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 30-06-2025.")},
    )
    bedrag = NodigBedragField(
        label=_("Bedrag (euro)"), help_text=_("Bijvoorbeeld 1.234,56. Het bedrag van uw factuur.")
    )
    uren = forms.DecimalField(
        label=_("Aantal uren"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "utrecht-textbox utrecht-textbox--html-input"}),
        error_messages={"invalid": _("Vul een aantal uren in, bijvoorbeeld 12,5.")},
    )
    omschrijving = NodigCharField(label=_("Omschrijving van de kosten"), widget=forms.Textarea(attrs={"rows": 3}))
    factuurnummer = NodigCharField(label=_("Uw factuurnummer"), max_length=60)
    bijlagen = MultipleFileField(
        label=_("Factuur of bewijsstukken"),
        help_text=_("PDF, PNG of JPEG, hoogstens 10 MB per bestand. U kunt meerdere bestanden kiezen."),
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )
    niet_elders_gefinancierd = NodigBooleanField(
        label=_(
            "Ik verklaar dat deze kosten niet uit andere middelen zijn of worden betaald (geen dubbele financiering)."
        ),
    )

    def __init__(self, *args, regels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regels = list(regels)
        field = self.fields["begrotingsregel"]
        field.queryset = Begrotingsregel.objects.filter(pk__in=[r.pk for r in self.regels]).select_related(
            "begroting__buurtplan__buurt", "activiteit"
        )
        by_pk = {r.pk: r for r in self.regels}
        field.choices = [("", field.empty_label)] + [
            (r.pk, field.label_from_instance(by_pk[r.pk])) for r in self.regels
        ]

    def clean_bedrag(self):
        bedrag = self.cleaned_data.get("bedrag")
        if bedrag is not None and bedrag <= 0:
            raise ValidationError(BEDRAG_POSITIEF)
        return bedrag

    def clean_bijlagen(self):
        geldig, fouten = [], []
        for upload in self.cleaned_data.get("bijlagen") or []:
            try:
                validate_upload(upload)
                geldig.append(upload)
            except ValidationError as exc:
                fouten.extend(exc.messages)
        self.geldige_bijlagen = geldig
        if fouten:
            raise ValidationError(fouten)
        return geldig

    def concept_velden(self):
        """The fields that are valid, to keep in the concept even when others are not."""
        velden = {}
        for naam in (
            "begrotingsregel",
            "periode_van",
            "periode_tot",
            "bedrag",
            "uren",
            "omschrijving",
            "factuurnummer",
            "niet_elders_gefinancierd",
        ):
            if naam in self.cleaned_data and naam not in self.errors:
                velden[naam] = self.cleaned_data[naam]
        return velden


class RedenForm(forms.Form):
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))


class BerichtForm(forms.Form):
    """A message on the declaration's thread (finance ↔ partner)."""

    use_required_attribute = False
    tekst = forms.CharField(
        label=_("Uw bericht"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Schrijf een bericht.")},
    )


class StornoForm(forms.Form):
    """The required reason of a storno (declaration or payment), asked on its confirmation page."""

    use_required_attribute = False
    reden = forms.CharField(
        label=_("Reden van de storno"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de tegenboeking en in de geschiedenis; de partner ziet haar ook."),
        error_messages={"required": _("Geef de reden van de storno.")},
    )


class BetalingForm(forms.Form):
    use_required_attribute = False
    betaaldatum = forms.DateField(
        label=_("Betaaldatum"),
        widget=DateInput(),
        error_messages={"required": _("Vul de betaaldatum in."), "invalid": _("Vul een geldige datum in.")},
    )
    referentie = forms.CharField(label=_("Betalingskenmerk"), required=False, max_length=100)


STATUS_FILTER_CHOICES = [
    ("", _("Alle statussen")),
    ("te_beoordelen", _("Te beoordelen")),
    ("eerste_beoordeling", _("Wacht op eerste beoordeling")),
] + [(value, label) for value, label in Declaratie.Status.choices if value != Declaratie.Status.CONCEPT]


class WerkvoorraadFilter(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)
    partner = ZoekKeuzeField(
        Organisatie.objects.none(),
        label=_("Partner"),
        required=False,
        url_name="declaraties:partner_zoeken",
        lijst="filter",
    )
    buurt = forms.ModelChoiceField(
        label=_("Buurt"), required=False, queryset=Buurt.objects.none(), empty_label=_("Alle buurten")
    )
    jaar = forms.TypedChoiceField(
        label=_("Bestedingsjaar"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle jaren"))] + [(j, j) for j in range(2024, 2029)],
    )
    bedrag_min = BedragFormField(label=_("Bedrag vanaf"), required=False)
    bedrag_max = BedragFormField(label=_("Bedrag tot en met"), required=False)
    toegewezen = forms.ChoiceField(
        label=_("In behandeling bij"),
        required=False,
        choices=[("", _("Iedereen")), ("mij", _("Mij toegewezen")), ("niemand", _("Niemand (nog op te pakken)"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        gemeenten = user.gemeente_ids if user is not None else []
        # From the small tables, not a DISTINCT over every declaration (24 ms at national scale); the
        # list itself is scoped, so a partner or buurt without declarations just finds nothing.
        self.fields["partner"].queryset = partners_voor("filter")
        self.fields["buurt"].queryset = Buurt.objects.filter(gemeente_id__in=gemeenten).order_by("naam")

    def filter(self, queryset):
        data = self.cleaned_data
        status = data.get("status")
        if status == "te_beoordelen":
            queryset = queryset.filter(status__in=Declaratie.IN_BEHANDELING)
        elif status == "eerste_beoordeling":
            queryset = queryset.filter(status__in=Declaratie.EERSTE_BEOORDELING)
        elif status:
            queryset = queryset.filter(status=status)
        if data.get("partner"):
            queryset = queryset.filter(partner=data["partner"])
        if data.get("buurt"):
            queryset = queryset.filter(buurt=data["buurt"])
        if data.get("jaar"):
            queryset = queryset.filter(bestedingsjaar=data["jaar"])
        if data.get("bedrag_min") is not None:
            queryset = queryset.filter(bedrag__gte=data["bedrag_min"])
        if data.get("bedrag_max") is not None:
            queryset = queryset.filter(bedrag__lte=data["bedrag_max"])
        if data.get("toegewezen") == "mij" and self.user is not None:
            queryset = queryset.filter(in_behandeling_bij=self.user)
        elif data.get("toegewezen") == "niemand":
            queryset = queryset.filter(in_behandeling_bij__isnull=True)
        return queryset


class BetalingenFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[("geboekt", _("Te betalen (goedgekeurd en geboekt)")), ("betaald", _("Betaald")), ("alle", _("Alle"))],
    )

    def __init__(self, data=None, *args, **kwargs):
        # The page opens on what is to be paid: without a choice the list is filtered as if chosen.
        if data is None:
            data = {"status": "geboekt"}
        super().__init__(data, *args, **kwargs)

    def filter(self, queryset):
        status = self.cleaned_data.get("status") or "geboekt"
        if status == "alle":
            return queryset
        return queryset.filter(status=status)


class PartnerFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("concept", _("Concept")),
            ("behandeling", _("In behandeling")),
            ("aanpassing", _("Aanpassing gevraagd")),
            ("goedgekeurd", _("Goedgekeurd")),
            ("betaald", _("Betaald")),
            ("afgewezen", _("Afgewezen")),
            ("gestorneerd", _("Gecrediteerd (storno)")),
        ],
    )

    MAP = {
        "concept": [Declaratie.Status.CONCEPT],
        "behandeling": list(Declaratie.IN_BEHANDELING),
        "aanpassing": [Declaratie.Status.WIJZIGING_GEVRAAGD],
        "goedgekeurd": [Declaratie.Status.GEBOEKT],
        "betaald": [Declaratie.Status.BETAALD],
        "afgewezen": [Declaratie.Status.AFGEWEZEN],
        "gestorneerd": [Declaratie.Status.GESTORNEERD],
    }

    def filter(self, queryset):
        status = self.cleaned_data.get("status")
        if status in self.MAP:
            queryset = queryset.filter(status__in=self.MAP[status])
        return queryset


class ToekenningForm(forms.Form):
    partner = ZoekKeuzeField(
        Organisatie.objects.none(), label=_("Partner"), url_name="declaraties:partner_zoeken", lijst="toekenning"
    )
    buurt = forms.ModelChoiceField(label=_("Buurt"), queryset=Buurt.objects.none())
    jaar = forms.TypedChoiceField(label=_("Bestedingsjaar"), coerce=int, choices=[(j, j) for j in range(2024, 2029)])
    plafond = BedragFormField(label=_("Plafond (euro)"))
    besluit_kenmerk = forms.CharField(label=_("Kenmerk subsidiebesluit"), required=False, max_length=100)
    besluit_datum = forms.DateField(label=_("Datum subsidiebesluit"), required=False, widget=DateInput())
    verantwoordingseisen = forms.CharField(
        label=_("Verantwoordingseisen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    verantwoording_uiterlijk = forms.DateField(label=_("Verantwoording uiterlijk"), required=False, widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = user.gemeente_ids if user is not None else []
        self.fields["buurt"].queryset = Buurt.objects.filter(gemeente_id__in=gemeenten).order_by("naam")
        # Partners working in the buurten of the user's gemeenten, not every one in the country.
        self.fields["partner"].queryset = partners_voor("toekenning", gemeenten)


class DrempelForm(forms.Form):
    """A proposal for the declaration settings of one of the user's gemeenten (four-eyes threshold,
    segregation of approval and payment); `services.stel_instelling_voor`, confirmed by another."""

    use_required_attribute = False
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Organisatie.objects.none(),
        error_messages={"required": _("Kies de gemeente."), "invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    drempel = BedragFormField(
        label=_("Drempel tweede goedkeuring (euro)"),
        min_value=0,
        help_text=_("Declaraties van dit bedrag of hoger hebben een tweede, andere beoordelaar nodig."),
        error_messages={"required": _("Vul de drempel in.")},
    )
    scheiding_goedkeuren_betalen = forms.BooleanField(
        label=_("Wie een declaratie goedkeurt, registreert haar betaling niet (functiescheiding)"),
        required=False,
        initial=True,
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Waarom wijzigt u de instellingen? Een andere medewerker van Financiën bevestigt het voorstel."),
        error_messages={"required": _("Geef een toelichting bij het voorstel.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = Organisatie.objects.filter(
            pk__in=user.gemeente_ids if user is not None else [], soort=Organisatie.Soort.GEMEENTE
        ).order_by("naam")
        self.fields["gemeente"].queryset = gemeenten
        if len(gemeenten) == 1:
            self.fields["gemeente"].initial = gemeenten[0].pk
            self.fields["drempel"].initial = DeclaratieInstelling.drempel_voor(gemeenten[0].pk)
            self.fields["scheiding_goedkeuren_betalen"].initial = DeclaratieInstelling.scheiding_voor(gemeenten[0].pk)


class InstellingWijzigingFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + list(InstellingWijziging.Status.choices)
    )

    def filter(self, queryset):
        if self.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset


class BetaalrunFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + list(Betaling.Status.choices)
    )

    def filter(self, queryset):
        if self.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset
