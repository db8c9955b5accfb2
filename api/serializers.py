"""Input parsing and output shapes of the API. Input serializers only parse: every rule (budget,
ceiling, four eyes, completeness) is the services' job, so the API and the web forms agree."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from declaraties.models import Declaratie

MAX_ID = 2**63 - 1
BEDRAG = {"max_digits": 14, "decimal_places": 2}


class ToekenningSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    buurt = serializers.CharField(source="buurt.naam")
    gemeente = serializers.CharField(source="buurt.gemeente.naam")
    jaar = serializers.IntegerField()
    plafond = serializers.DecimalField(**BEDRAG)
    gebruikt = serializers.DecimalField(**BEDRAG, help_text=_("Ingediend, in behandeling, goedgekeurd of betaald."))
    resterend = serializers.DecimalField(**BEDRAG, help_text=_("Plafond min gebruikt: wat u nog kunt declareren."))
    besluit_kenmerk = serializers.CharField()
    verantwoording_uiterlijk = serializers.DateField(allow_null=True)


class BegrotingsregelSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Gebruik dit id als `begrotingsregel` van een declaratie."))
    buurt = serializers.CharField(source="begroting.buurtplan.buurt.naam")
    activiteit = serializers.CharField(source="activiteit.naam")
    jaar = serializers.IntegerField()
    begroot = serializers.DecimalField(**BEDRAG)
    gedeclareerd = serializers.DecimalField(**BEDRAG)
    resterend = serializers.DecimalField(**BEDRAG)


class BijlageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField()
    content_type = serializers.CharField()
    grootte = serializers.IntegerField()
    geupload_op = serializers.DateTimeField()


class GesprekBerichtSerializer(serializers.Serializer):
    """A message of the conversation between finance and the partner (the thread on the page)."""

    geplaatst_op = serializers.DateTimeField()
    van_partner = serializers.BooleanField(help_text=_("Waar: van de partner; onwaar: van Financiën."))
    tekst = serializers.CharField()


class BerichtSerializer(serializers.Serializer):
    tijdstip = serializers.DateTimeField()
    actie = serializers.CharField()
    van = serializers.CharField(source="van_label")
    naar = serializers.CharField(source="naar_label")
    reden = serializers.CharField()


class DeclaratieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField(help_text=_("Leeg tot de declaratie is ingediend."))
    status = serializers.ChoiceField(choices=Declaratie.Status.choices)
    status_omschrijving = serializers.CharField(source="partner_status")
    begrotingsregel = serializers.IntegerField(source="begrotingsregel_id")
    buurt = serializers.CharField(source="buurt.naam")
    bestedingsjaar = serializers.IntegerField()
    periode_van = serializers.DateField(allow_null=True)
    periode_tot = serializers.DateField(allow_null=True)
    bedrag = serializers.DecimalField(**BEDRAG, allow_null=True)
    uren = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    omschrijving = serializers.CharField()
    factuurnummer = serializers.CharField()
    niet_elders_gefinancierd = serializers.BooleanField()
    reden = serializers.CharField(help_text=_("De laatste reden van een gevraagde aanpassing of afwijzing."))
    ingediend_op = serializers.DateTimeField(allow_null=True)
    bijlagen = BijlageSerializer(many=True)


class DeclaratieDetailSerializer(DeclaratieSerializer):
    berichten = BerichtSerializer(
        many=True, source="tijdlijn_partner", help_text=_("De tijdlijn zoals de partner die ziet.")
    )
    gesprek = GesprekBerichtSerializer(
        many=True, source="gesprek_berichten", help_text=_("Het gesprek tussen Financiën en de partner, oudste eerst.")
    )


class DeclaratieInvoerSerializer(serializers.Serializer):
    """A concept: only `begrotingsregel` is needed to keep it; the rest is checked when submitting."""

    begrotingsregel = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    periode_van = serializers.DateField(required=False, allow_null=True)
    periode_tot = serializers.DateField(required=False, allow_null=True)
    bedrag = serializers.DecimalField(**BEDRAG, required=False, allow_null=True, min_value=0)
    uren = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True, min_value=0)
    omschrijving = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    factuurnummer = serializers.CharField(required=False, allow_blank=True, max_length=60)
    niet_elders_gefinancierd = serializers.BooleanField(
        required=False,
        help_text=_("Ik verklaar dat deze kosten niet uit andere middelen zijn of worden betaald."),
    )


class BijlageInvoerSerializer(serializers.Serializer):
    bestand = serializers.FileField(help_text=_("PDF, PNG of JPEG, hoogstens 10 MB (herkend aan de inhoud)."))


class JournaalregelSerializer(serializers.Serializer):
    rekening = serializers.CharField(source="rekening.nummer")
    rekeningnaam = serializers.CharField(source="rekening.naam")
    kostenplaats = serializers.CharField(source="rekening.kostenplaats")
    taakveld = serializers.CharField(source="rekening.taakveld")
    beschikkingsnummer = serializers.CharField(source="rekening.beschikkingsnummer")
    debet = serializers.DecimalField(**BEDRAG)
    credit = serializers.DecimalField(**BEDRAG)
    relatie = serializers.CharField(source="relatie.naam", allow_null=True, default=None)
    relatie_kvk = serializers.CharField(source="relatie.kvk_nummer", allow_null=True, default=None)
    bestedingsjaar = serializers.IntegerField(allow_null=True)
    omschrijving = serializers.CharField()


class JournaalpostSerializer(serializers.Serializer):
    stuknummer = serializers.CharField()
    boekjaar = serializers.IntegerField()
    volgnummer = serializers.IntegerField()
    boekdatum = serializers.DateField()
    omschrijving = serializers.CharField()
    bron = serializers.CharField(source="bron_referentie")
    tegenboeking_van = serializers.CharField(source="tegenboeking_van.stuknummer", allow_null=True, default=None)
    regels = JournaalregelSerializer(many=True)


class JournaalCursor(serializers.Serializer):
    boekjaar = serializers.IntegerField()
    na = serializers.IntegerField(help_text=_("Het laatste volgnummer dat u heeft; vraag hierna verder."))


class JournaalpostenPagina(serializers.Serializer):
    resultaten = JournaalpostSerializer(many=True)
    volgende = JournaalCursor(help_text=_("De cursor voor de volgende vraag (ook als er nu niets meer is)."))
    meer = serializers.BooleanField(help_text=_("Of er na deze pagina direct nog posten klaarstaan."))


class JournaalpostenQuery(serializers.Serializer):
    boekjaar = serializers.IntegerField(min_value=1900, max_value=2999)
    na = serializers.IntegerField(min_value=0, max_value=2**31 - 1, default=0)
    aantal = serializers.IntegerField(min_value=1, max_value=500, default=100)


class TeBetalenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField()
    partner = serializers.CharField(source="partner.naam")
    partner_kvk = serializers.CharField(source="partner.kvk_nummer")
    buurt = serializers.CharField(source="buurt.naam")
    bedrag = serializers.DecimalField(**BEDRAG)
    factuurnummer = serializers.CharField()
    goedgekeurd_op = serializers.DateTimeField(allow_null=True)
    journaalpost = serializers.CharField(source="journaalpost.stuknummer")


class BeschikkingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField()
    datum = serializers.DateField()
    bedrag = serializers.DecimalField(**BEDRAG)
    ontvangen = serializers.DecimalField(**BEDRAG)
    periode_start_jaar = serializers.IntegerField()
    periode_eind_jaar = serializers.IntegerField()
    gemeente = serializers.CharField(source="gemeente.naam")
