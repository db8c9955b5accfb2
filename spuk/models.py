"""SPUK: the regulation, the aanvraag, the beschikking with its termijnen, the year-end release
(jaarafsluiting), repayments, the ministry's vaststelling and the SiSa verantwoording.

Money moves only through `services.py`, which books every euro in the grootboek on the accounts of
the beschikking (`grootboek.services.standaard_rekening(gemeente, rol, beschikking.nummer)`).
Figures on screens and in reports are computed from the ledger (`queries.py`, `sisa.py`).
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from buurtplan.models import EERSTE_JAAR, LAATSTE_JAAR, Buurt
from core.access import AccessQuerySet
from core.documents import PrivateDocument, document_path
from core.fields import BedragField
from core.frozen import FrozenModel, FrozenQuerySet
from core.models import Organisatie
from core.transitions import allowed, condition

JAAR_VALIDATORS = [MinValueValidator(EERSTE_JAAR), MaxValueValidator(LAATSTE_JAAR)]
GEMEENTE_CHOICES = {"soort": Organisatie.Soort.GEMEENTE}

# The SiSa indicators of this regulation (DESIGN.md §3). Stored per Regeling as data (JSON), so a
# new SiSa year with other texts or audit codes is a data change, not a code change.
# soort: "beschikking" (the number), "janee" (Ja/Nee) or "bedrag".
STANDAARD_INDICATOREN = [
    {"nummer": 1, "tekst": "Beschikkingsnummer", "controle": "N", "soort": "beschikking"},
    {
        "nummer": 2,
        "tekst": "Zijn de geplande mijlpalen volgens de coördinerend zorgverzekeraar gerealiseerd? (Ja/Nee)",
        "controle": "D1",
        "soort": "janee",
    },
    {"nummer": 3, "tekst": "Bestedingen (jaar T) zelfstandige uitvoering", "controle": "R", "soort": "bedrag"},
    {
        "nummer": 4,
        "tekst": "Correcties bestedingen (jaar T-1) zelfstandige uitvoering",
        "controle": "R",
        "soort": "bedrag",
    },
    {
        "nummer": 5,
        "tekst": "Correcties bestedingen (jaar T-1) uitvoering door medeoverheden",
        "controle": "R",
        "soort": "bedrag",
    },
    {
        "nummer": 6,
        "tekst": "Cumulatieve bestedingen (t/m jaar T) aan niet-gerealiseerde mijlpalen, incl. medeoverheden",
        "controle": "R",
        "soort": "bedrag",
    },
    {"nummer": 7, "tekst": "Eindverantwoording jaar T? (Ja/Nee)", "controle": "N", "soort": "janee"},
]


def standaard_indicatoren():
    return [dict(item) for item in STANDAARD_INDICATOREN]


class Regeling(models.Model):
    """The regulation: Specifieke uitkering transformatiemiddelen IZA & AZWA."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    sisa_code = models.CharField(
        _("SiSa-code"), max_length=20, help_text=_("De code van de regeling in de SiSa-bijlage, bijvoorbeeld H14.")
    )
    startjaar = models.PositiveSmallIntegerField(_("eerste jaar"), default=EERSTE_JAAR, validators=JAAR_VALIDATORS)
    eindjaar = models.PositiveSmallIntegerField(_("laatste jaar"), default=LAATSTE_JAAR, validators=JAAR_VALIDATORS)
    aanvraag_deadline = models.DateField(_("uiterste aanvraagdatum"), null=True, blank=True)
    verantwoording_deadline = models.CharField(
        _("verantwoordingstermijn"), max_length=100, blank=True, default="15 juli van jaar T+1"
    )
    indicatoren = models.JSONField(_("SiSa-indicatoren"), default=standaard_indicatoren)

    class Meta:
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eindjaar__gte=models.F("startjaar")), name="spuk_regeling_periode"
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def jaren(self):
        return list(range(self.startjaar, self.eindjaar + 1))

    def indicator(self, nummer):
        for item in self.indicatoren:
            if int(item["nummer"]) == int(nummer):
                return item
        raise KeyError(nummer)


@condition(_("Vul de aangevraagde bedragen per jaar in voordat u de aanvraag indient."))
def heeft_bedragen(aanvraag):
    return aanvraag.bedragen.exists()


@condition(_("Kies minstens één buurt voordat u de aanvraag indient."))
def heeft_buurten(aanvraag):
    return aanvraag.buurten.exists()


class Aanvraag(models.Model):
    """The application of a gemeente (penvoerder, possibly for several gemeenten) to DUS-I."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        INGEDIEND = "ingediend", _("Ingediend")
        VERLEEND = "verleend", _("Verleend")
        AFGEWEZEN = "afgewezen", _("Afgewezen")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")

    regeling = models.ForeignKey(
        Regeling, verbose_name=_("regeling"), on_delete=models.PROTECT, related_name="aanvragen"
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("aanvragende gemeente (penvoerder)"),
        on_delete=models.PROTECT,
        related_name="spuk_aanvragen",
        limit_choices_to=GEMEENTE_CHOICES,
    )
    deelnemende_gemeenten = models.ManyToManyField(
        Organisatie,
        verbose_name=_("deelnemende gemeenten"),
        blank=True,
        related_name="spuk_deelnames",
        limit_choices_to=GEMEENTE_CHOICES,
        help_text=_("Andere gemeenten waarvoor de penvoerder aanvraagt (medeoverheden)."),
    )
    buurten = models.ManyToManyField(Buurt, verbose_name=_("buurten"), related_name="spuk_aanvragen")
    titel = models.CharField(_("titel"), max_length=200)
    zaaknummer = models.CharField(_("zaaknummer"), max_length=50)
    datum_collegebesluit = models.DateField(_("datum collegebesluit"), null=True, blank=True)
    portefeuillehouder = models.CharField(_("portefeuillehouder"), max_length=200, blank=True)
    opsteller = models.CharField(_("opsteller"), max_length=200, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, protected=False)
    ingediend_op = models.DateField(_("ingediend op"), null=True, blank=True)
    afwijking_reden = models.TextField(
        _("reden voor afwijking"),
        blank=True,
        help_text=_("Verplicht als de aangevraagde bedragen afwijken van de buurtbegrotingen of de mijlpalen."),
    )
    afwijzing_reden = models.TextField(_("reden van afwijzing"), blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["aangemaakt_op"])

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "zaaknummer"], name="spuk_aanvraag_unique_zaaknummer"),
        ]

    def __str__(self):
        return gettext("SPUK-aanvraag %(zaak)s %(gemeente)s") % {"zaak": self.zaaknummer, "gemeente": self.gemeente}

    def get_absolute_url(self):
        return reverse("spuk:aanvraag_detail", args=[self.pk])

    @property
    def bewerkbaar(self):
        return self.status == self.Status.CONCEPT

    # The status machine; services run it with core.workflow.transition (lock, checks, timeline).
    @transition(
        field=status,
        source=Status.CONCEPT,
        target=Status.INGEDIEND,
        permission=allowed("spuk.beheer_aanvraag"),
        conditions=[heeft_bedragen, heeft_buurten],
        custom={"label": _("Indienen")},
    )
    def indienen(self):
        pass

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.CONCEPT,
        permission=allowed("spuk.beheer_aanvraag"),
        custom={"label": _("Intrekken")},
    )
    def terug_naar_concept(self):
        pass

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.VERLEEND,
        permission=allowed("spuk.besluit_vastleggen"),
        custom={"label": _("Verlenen")},
    )
    def verlenen(self):
        pass

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.AFGEWEZEN,
        permission=allowed("spuk.besluit_vastleggen"),
        custom={"label": _("Afwijzen")},
    )
    def afwijzen(self):
        pass

    @transition(
        field=status,
        source=Status.VERLEEND,
        target=Status.VASTGESTELD,
        permission=allowed("spuk.financieel"),
        custom={"label": _("Vaststellen")},
    )
    def vaststellen(self):
        pass


class AanvraagBedrag(models.Model):
    """The amount requested for one year."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="bedragen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    bedrag = BedragField(_("bedrag"), validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aangevraagd bedrag")
        verbose_name_plural = _("aangevraagde bedragen")
        ordering = ["aanvraag", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "jaar"], name="spuk_aanvraagbedrag_unique_jaar"),
            models.CheckConstraint(condition=models.Q(bedrag__gte=0), name="spuk_aanvraagbedrag_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.aanvraag} {self.jaar}"

    @property
    def gemeente_id(self):
        return self.aanvraag.gemeente_id


# Migration 0001 names this upload path; documents are now stored the PrivateDocument way.
aanvraag_document_pad = document_path


class AanvraagDocument(PrivateDocument):
    """An attachment of the aanvraag (collegebesluit, mijlpalenoverzicht, intentieverklaring ...)."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.PROTECT, related_name="documenten"
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["aanvraag", "geupload_op", "pk"]

    def __str__(self):
        return self.omschrijving

    @property
    def gemeente_id(self):
        return self.aanvraag.gemeente_id

    def storage_folder(self):
        return f"spuk/aanvragen/{self.aanvraag_id}"

    def get_absolute_url(self):
        return reverse("spuk:document", args=[self.pk])


class Beschikking(models.Model):
    """The ministry's grant decision. Its `nummer` keys the per-beschikking ledger accounts."""

    aanvraag = models.OneToOneField(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.PROTECT, related_name="beschikking"
    )
    # Denormalised from aanvraag.gemeente (the penvoerder) for scoping and the ledger; kept equal in clean().
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="spuk_beschikkingen",
        limit_choices_to=GEMEENTE_CHOICES,
    )
    nummer = models.CharField(_("beschikkingsnummer"), max_length=60, unique=True)
    datum = models.DateField(_("datum beschikking"))
    bedrag = BedragField(_("verleend bedrag"), validators=[MinValueValidator(0)])
    periode_start_jaar = models.PositiveSmallIntegerField(_("eerste jaar"), validators=JAAR_VALIDATORS)
    periode_eind_jaar = models.PositiveSmallIntegerField(_("laatste jaar"), validators=JAAR_VALIDATORS)
    eindverantwoording_jaar = models.PositiveSmallIntegerField(
        _("eindverantwoording in jaar"),
        null=True,
        blank=True,
        validators=JAAR_VALIDATORS,
        help_text=_("Alleen invullen als de eindverantwoording eerder valt dan het laatste jaar van de periode."),
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["aangemaakt_op"])

    class Meta:
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periode_eind_jaar__gte=models.F("periode_start_jaar")),
                name="spuk_beschikking_periode",
            ),
            models.CheckConstraint(condition=models.Q(bedrag__gte=0), name="spuk_beschikking_bedrag_niet_negatief"),
        ]

    def __str__(self):
        return gettext("Beschikking %(nummer)s") % {"nummer": self.nummer}

    def get_absolute_url(self):
        return reverse("spuk:beschikking_detail", args=[self.pk])

    def clean(self):
        if self.aanvraag_id and self.gemeente_id and self.aanvraag.gemeente_id != self.gemeente_id:
            raise ValidationError(
                {"gemeente": gettext("De gemeente van de beschikking is de penvoerder van de aanvraag.")}
            )
        if self.periode_start_jaar and self.periode_eind_jaar and self.periode_eind_jaar < self.periode_start_jaar:
            raise ValidationError({"periode_eind_jaar": gettext("Het laatste jaar ligt vóór het eerste jaar.")})

    @property
    def jaren(self):
        return list(range(self.periode_start_jaar, self.periode_eind_jaar + 1))

    def is_eindjaar(self, jaar):
        """SiSa indicator 7: the last year of the period, or the year marked as final."""
        jaar = int(jaar)
        return jaar == self.periode_eind_jaar or (
            self.eindverantwoording_jaar is not None and jaar == self.eindverantwoording_jaar
        )


@condition(
    _("De beschikking is vastgesteld of ingetrokken: er worden geen termijnen, declaraties of vrijval meer op geboekt.")
)
def beschikking_loopt(obj):
    return obj.beschikking.aanvraag.status == Aanvraag.Status.VERLEEND


class Termijn(models.Model):
    """An instalment of the advance (voorschot). Receiving it books Bank / Vooruitontvangen."""

    class Status(models.TextChoices):
        VERWACHT = "verwacht", _("Verwacht")
        ONTVANGEN = "ontvangen", _("Ontvangen")

    beschikking = models.ForeignKey(
        Beschikking, verbose_name=_("beschikking"), on_delete=models.PROTECT, related_name="termijnen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    verwacht_bedrag = BedragField(_("verwacht bedrag"), validators=[MinValueValidator(0)])
    verwachte_datum = models.DateField(_("verwachte datum"), null=True, blank=True)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.VERWACHT, protected=False)
    ontvangen_op = models.DateField(_("ontvangen op"), null=True, blank=True)
    ontvangen_bedrag = BedragField(_("ontvangen bedrag"), null=True, blank=True)
    journaalpost = models.ForeignKey(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["beschikking", "jaar"]
        constraints = [models.UniqueConstraint(fields=["beschikking", "jaar"], name="spuk_termijn_unique_jaar")]

    def __str__(self):
        return gettext("Termijn %(jaar)s %(nummer)s") % {"jaar": self.jaar, "nummer": self.beschikking.nummer}

    @property
    def gemeente_id(self):
        return self.beschikking.gemeente_id

    def get_absolute_url(self):
        return reverse("spuk:beschikking_detail", args=[self.beschikking_id]) + "#termijnen"

    @transition(
        field=status,
        source=Status.VERWACHT,
        target=Status.ONTVANGEN,
        permission=allowed("spuk.financieel"),
        conditions=[beschikking_loopt],
        custom={"label": _("Termijn ontvangen")},
    )
    def ontvang(self):
        pass

    @transition(
        field=status,
        source=Status.ONTVANGEN,
        target=Status.VERWACHT,
        permission=allowed("spuk.financieel"),
        # A settled beschikking accepts no postings, corrections included (the vaststelling used the receipts).
        conditions=[beschikking_loopt],
        custom={"label": _("Ontvangst storneren")},
    )
    def storneren(self):
        pass


class Jaarafsluiting(models.Model):
    """The year-end release of year T for one beschikking: Vooruitontvangen / Baten SPUK for the
    net Lasten booked in boekjaar T. One per (beschikking, jaar); the grootboek year itself is
    closed separately by finance (grootboek.services.sluit_boekjaar)."""

    beschikking = models.ForeignKey(
        Beschikking, verbose_name=_("beschikking"), on_delete=models.PROTECT, related_name="jaarafsluitingen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    vrijval = BedragField(_("vrijval"))
    journaalpost = models.ForeignKey(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uitgevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgevoerd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("jaarafsluiting")
        verbose_name_plural = _("jaarafsluitingen")
        ordering = ["beschikking", "jaar"]
        constraints = [models.UniqueConstraint(fields=["beschikking", "jaar"], name="spuk_jaarafsluiting_unique")]

    def __str__(self):
        return gettext("Jaarafsluiting %(jaar)s %(nummer)s") % {"jaar": self.jaar, "nummer": self.beschikking.nummer}

    @property
    def gemeente_id(self):
        return self.beschikking.gemeente_id

    def get_absolute_url(self):
        return reverse("spuk:beschikking_detail", args=[self.beschikking_id]) + "#jaarafsluiting"


class NogTeOntvangen(models.Model):
    """A debit balance on Vooruitontvangen at 31-12-T (more released than received): shown as an
    overlopend actief *nog te ontvangen* (BBV art. 40a). Booked Nog te ontvangen SPUK (debit) /
    Vooruitontvangen (credit) on 31-12-T by the jaarafsluiting of T, and reversed on 1-1-T+1."""

    beschikking = models.ForeignKey(
        Beschikking, verbose_name=_("beschikking"), on_delete=models.PROTECT, related_name="nog_te_ontvangen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    bedrag = BedragField(_("bedrag"), validators=[MinValueValidator(0)])
    journaalpost = models.ForeignKey(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    terugboeking = models.ForeignKey(
        "grootboek.Journaalpost",
        verbose_name=_("terugboeking 1 januari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("nog te ontvangen")
        verbose_name_plural = _("nog te ontvangen")
        ordering = ["beschikking", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["beschikking", "jaar"], name="spuk_nogteontvangen_unique"),
            models.CheckConstraint(condition=models.Q(bedrag__gt=0), name="spuk_nogteontvangen_positief"),
        ]

    def __str__(self):
        return gettext("Nog te ontvangen %(jaar)s %(nummer)s") % {"jaar": self.jaar, "nummer": self.beschikking.nummer}

    @property
    def gemeente_id(self):
        return self.beschikking.gemeente_id

    def get_absolute_url(self):
        return reverse("spuk:verloopstaat", args=[self.beschikking_id])


class Terugbetaling(models.Model):
    """Money owed back to the Rijk: booked Vooruitontvangen / Te betalen aan Rijk when
    recognised, and Te betalen aan Rijk / Bank when paid."""

    class Reden(models.TextChoices):
        MIJLPAAL = "mijlpaal", _("Mijlpaal niet behaald")
        ONDERBESTEDING = "onderbesteding", _("Onderbesteding bij vaststelling")
        ANDERS = "anders", _("Anders")

    class Status(models.TextChoices):
        VERSCHULDIGD = "verschuldigd", _("Verschuldigd")
        BETAALD = "betaald", _("Betaald")

    beschikking = models.ForeignKey(
        Beschikking, verbose_name=_("beschikking"), on_delete=models.PROTECT, related_name="terugbetalingen"
    )
    reden = models.CharField(_("reden"), max_length=20, choices=Reden.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    bedrag = BedragField(_("bedrag"), validators=[MinValueValidator(0)])
    boekdatum = models.DateField(_("boekdatum"))
    # The split of the repayment (BBV): the unspent part comes from Vooruitontvangen, the part already
    # spent and released is reclaimed through the result (debit Baten SPUK).
    uit_vooruitontvangen = BedragField(_("uit vooruitontvangen"), default=0)
    uit_resultaat = BedragField(_("ten laste van het resultaat"), default=0)
    partner = models.ForeignKey(
        Organisatie,
        verbose_name=_("verhaald op partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De partner die het risico draagt (bijvoorbeeld de zorgaanbieder bij een gemiste mijlpaal)."),
    )
    verhaald_bedrag = BedragField(_("verhaald bedrag"), default=0)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.VERSCHULDIGD, protected=False)
    journaalpost = models.ForeignKey(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    betaald_op = models.DateField(_("betaald op"), null=True, blank=True)
    betaal_journaalpost = models.ForeignKey(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost betaling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["aangemaakt_op"])

    class Meta:
        verbose_name = _("terugbetaling")
        verbose_name_plural = _("terugbetalingen")
        ordering = ["beschikking", "boekdatum", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(bedrag__gt=0), name="spuk_terugbetaling_positief")]

    def __str__(self):
        return gettext("Terugbetaling %(bedrag)s %(nummer)s") % {
            "bedrag": self.bedrag,
            "nummer": self.beschikking.nummer,
        }

    @property
    def gemeente_id(self):
        return self.beschikking.gemeente_id

    def get_absolute_url(self):
        return reverse("spuk:beschikking_detail", args=[self.beschikking_id]) + "#terugbetalingen"

    @transition(
        field=status,
        source=Status.VERSCHULDIGD,
        target=Status.BETAALD,
        permission=allowed("spuk.financieel"),
        custom={"label": _("Terugbetaling betaald")},
    )
    def betaal(self):
        pass


class Vaststelling(models.Model):
    """The ministry's final amount for a beschikking."""

    beschikking = models.OneToOneField(
        Beschikking, verbose_name=_("beschikking"), on_delete=models.PROTECT, related_name="vaststelling"
    )
    datum = models.DateField(_("datum vaststelling"))
    kenmerk = models.CharField(_("kenmerk"), max_length=100, blank=True)
    bedrag = BedragField(_("vastgesteld bedrag"), validators=[MinValueValidator(0)])
    toelichting = models.TextField(_("toelichting"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vaststelling")
        verbose_name_plural = _("vaststellingen")

    def __str__(self):
        return gettext("Vaststelling %(nummer)s") % {"nummer": self.beschikking.nummer}

    @property
    def gemeente_id(self):
        return self.beschikking.gemeente_id


def canonical_json(data):
    """The canonical form hashed for the checksum: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def checksum_of(data):
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


class SisaVerantwoording(FrozenModel):
    """A frozen version of the SiSa verantwoording of one beschikking and year.

    The concept is never stored: it is computed from the ledger on every view (`sisa.bereken`).
    `maak_definitief` stores a snapshot (indicators + specification lines) with its sha256
    checksum. A definitief version is never edited or deleted; a correction is a new version that
    `vervangt` (supersedes) the previous one.
    """

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        DEFINITIEF = "definitief", _("Definitief")

    beschikking = models.ForeignKey(
        Beschikking, verbose_name=_("beschikking"), on_delete=models.PROTECT, related_name="verantwoordingen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, protected=False)
    snapshot = models.JSONField(_("momentopname"), default=dict, blank=True)
    checksum = models.CharField(_("controlegetal (SHA-256)"), max_length=64, blank=True)
    vervangt = models.OneToOneField(
        "self",
        verbose_name=_("vervangt versie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vervangen_door",
    )
    reden = models.TextField(_("reden nieuwe versie"), blank=True)
    definitief_op = models.DateTimeField(_("definitief op"), null=True, blank=True)
    definitief_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("definitief gemaakt door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    frozen_message = _(
        "Een definitieve SiSa-verantwoording kan niet worden gewijzigd of verwijderd. "
        "Maak een nieuwe versie die deze vervangt."
    )

    objects = FrozenQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a subclass's manager, not an instance variable

    class Meta:
        verbose_name = _("SiSa-verantwoording")
        verbose_name_plural = _("SiSa-verantwoordingen")
        ordering = ["beschikking", "jaar", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["beschikking", "jaar", "versie"], name="spuk_sisa_unique_versie"),
        ]

    def __str__(self):
        return gettext("SiSa %(jaar)s %(nummer)s versie %(versie)s") % {
            "jaar": self.jaar,
            "nummer": self.beschikking.nummer,
            "versie": self.versie,
        }

    @classmethod
    def frozen_q(cls):
        return Q(status=cls.Status.DEFINITIEF)

    @property
    def gemeente_id(self):
        return self.beschikking.gemeente_id

    @property
    def is_definitief(self):
        return self.status == self.Status.DEFINITIEF

    def get_absolute_url(self):
        return reverse("spuk:sisa", args=[self.beschikking_id, self.jaar]) + f"?versie={self.versie}"

    def checksum_klopt(self):
        return bool(self.checksum) and checksum_of(self.snapshot) == self.checksum

    @transition(
        field=status,
        source=Status.CONCEPT,
        target=Status.DEFINITIEF,
        permission=allowed("spuk.financieel"),
        custom={"label": _("Definitief maken")},
    )
    def maak_definitief(self):
        pass
