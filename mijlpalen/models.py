"""Mijlpalen: the milestones of the transformatieplan, the money tied to them per buurt and year,
who bears the risk, the status per buurt as judged by the coordinating health insurer, the evidence,
and the KPI monitor of the lerende buurt (indicators and measurements).

A milestone counts as achieved nationally only when it is achieved in every participating buurt
(a buurt participates when it has an amount or a status for the milestone); see `queries.py`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from buurtplan.models import EERSTE_JAAR, LAATSTE_JAAR, Buurt, Transformatieplan
from core.access import AccessQuerySet
from core.documents import PrivateDocument
from core.fields import BedragField
from core.models import Organisatie
from core.transitions import allowed, condition

JAAR_VALIDATORS = [MinValueValidator(EERSTE_JAAR), MaxValueValidator(LAATSTE_JAAR)]


class Mijlpaal(models.Model):
    class Soort(models.TextChoices):
        INSPANNING = "inspanning", _("Inspanningsmijlpaal")
        RESULTAAT = "resultaat", _("Resultaatsmijlpaal")

    transformatieplan = models.ForeignKey(
        Transformatieplan, verbose_name=_("transformatieplan"), on_delete=models.PROTECT, related_name="mijlpalen"
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    deadline = models.DateField(_("deadline"))
    criterium = models.TextField(_("criterium"), blank=True, help_text=_("Wanneer geldt de mijlpaal als behaald?"))

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["transformatieplan", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["transformatieplan", "nummer"], name="mijlpalen_mijlpaal_unique_nummer"),
        ]

    def __str__(self):
        return _("Mijlpaal %(nummer)s: %(omschrijving)s") % {"nummer": self.nummer, "omschrijving": self.omschrijving}

    def get_absolute_url(self):
        return reverse("mijlpalen:mijlpaal_detail", args=[self.pk])


class MijlpaalBedrag(models.Model):
    """The buurt's mijlpalenoverzicht: per milestone and year the amounts and who bears the risk."""

    class Risicodrager(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")

    mijlpaal = models.ForeignKey(
        Mijlpaal, verbose_name=_("mijlpaal"), on_delete=models.PROTECT, related_name="bedragen"
    )
    buurt = models.ForeignKey(Buurt, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="mijlpaalbedragen")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    bedrag_sociaal_domein = BedragField(_("bedrag sociaal domein"), default=0, validators=[MinValueValidator(0)])
    bedrag_zorg = BedragField(_("bedrag zorg"), default=0, validators=[MinValueValidator(0)])
    risicodrager = models.CharField(_("risicodrager"), max_length=20, choices=Risicodrager.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mijlpaalbedrag")
        verbose_name_plural = _("mijlpalenoverzicht")
        ordering = ["buurt", "jaar", "mijlpaal__nummer"]
        constraints = [
            models.UniqueConstraint(fields=["mijlpaal", "buurt", "jaar"], name="mijlpalen_bedrag_unique"),
            models.CheckConstraint(
                condition=models.Q(bedrag_sociaal_domein__gte=0) & models.Q(bedrag_zorg__gte=0),
                name="mijlpalen_bedrag_niet_negatief",
            ),
            models.CheckConstraint(
                condition=models.Q(jaar__gte=EERSTE_JAAR) & models.Q(jaar__lte=LAATSTE_JAAR),
                name="mijlpalen_bedrag_jaar_in_looptijd",
            ),
        ]
        indexes = [models.Index(fields=["buurt", "jaar"]), models.Index(fields=["risicodrager", "jaar"])]

    def __str__(self):
        return f"{self.buurt} {self.jaar} – {self.mijlpaal}"

    @property
    def gemeente_id(self):
        return self.buurt.gemeente_id

    @property
    def risicodrager_organisatie(self):
        """The gemeente of the buurt, or its alliance partner (the care provider)."""
        if self.risicodrager == self.Risicodrager.GEMEENTE:
            return self.buurt.gemeente
        return self.buurt.alliantiepartner


@condition(_("Vul de datum van de beoordeling door de zorgverzekeraar in."))
def heeft_beoordelingsdatum(status):
    return status.beoordeeld_op is not None


@condition(_("Licht de beoordeling toe: waarom is de mijlpaal wel of niet behaald?"))
def heeft_toelichting(status):
    return bool((status.toelichting or "").strip())


@condition(_("Schrijf in de toelichting waarom de beoordeling wordt teruggezet naar open."))
def heeft_reden_heropenen(status):
    return bool((status.toelichting or "").strip())


class MijlpaalStatus(models.Model):
    """The judgement of the coordinating health insurer for one milestone in one buurt.

    Changed only through `services.leg_status_vast`; every change is logged and kept in history.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        BEHAALD = "behaald", _("Behaald")
        NIET_BEHAALD = "niet_behaald", _("Niet behaald")

    mijlpaal = models.ForeignKey(
        Mijlpaal, verbose_name=_("mijlpaal"), on_delete=models.PROTECT, related_name="statussen"
    )
    buurt = models.ForeignKey(
        Buurt, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="mijlpaalstatussen"
    )
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    beoordeeld_op = models.DateField(_("beoordeeld op"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    beoordelaar_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("beoordelaar (coördinerend zorgverzekeraar)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": Organisatie.Soort.ZORGVERZEKERAAR},
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("mijlpaalstatus")
        verbose_name_plural = _("mijlpaalstatussen")
        ordering = ["mijlpaal__nummer", "buurt__naam"]
        constraints = [
            models.UniqueConstraint(fields=["mijlpaal", "buurt"], name="mijlpalen_status_unique"),
        ]

    def __str__(self):
        return f"{self.mijlpaal} – {self.buurt}"

    def get_absolute_url(self):
        return reverse("mijlpalen:mijlpaal_buurt", args=[self.mijlpaal_id, self.buurt_id])

    @property
    def gemeente_id(self):
        return self.buurt.gemeente_id

    # The coordinating insurer judges an open milestone; it may reconsider a judgement (behaald ⇄
    # niet behaald, with a new explanation), and a judgement recorded by mistake goes back to open
    # with the reason why. Only beleid of the buurt's gemeente records any of this.
    @transition(
        field=status,
        source=[Status.OPEN, Status.NIET_BEHAALD],
        target=Status.BEHAALD,
        permission=allowed("mijlpalen.change_status"),
        conditions=[heeft_beoordelingsdatum, heeft_toelichting],
        custom={"label": _("Behaald")},
    )
    def markeer_behaald(self):
        pass

    @transition(
        field=status,
        source=[Status.OPEN, Status.BEHAALD],
        target=Status.NIET_BEHAALD,
        permission=allowed("mijlpalen.change_status"),
        conditions=[heeft_beoordelingsdatum, heeft_toelichting],
        custom={"label": _("Niet behaald")},
    )
    def markeer_niet_behaald(self):
        pass

    @transition(
        field=status,
        source=[Status.BEHAALD, Status.NIET_BEHAALD],
        target=Status.OPEN,
        permission=allowed("mijlpalen.change_status"),
        conditions=[heeft_reden_heropenen],
        custom={"label": _("Terugzetten naar open")},
    )
    def heropen(self):
        pass


class Bewijsstuk(PrivateDocument):
    """Evidence for a status (PDF/PNG/JPEG by magic bytes, ≤ 10 MB), in private storage."""

    status = models.ForeignKey(
        MijlpaalStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="bewijsstukken"
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")
        ordering = ["status", "geupload_op", "pk"]

    @property
    def gemeente_id(self):
        return self.status.buurt.gemeente_id

    def storage_folder(self):
        return f"mijlpalen/bewijsstukken/{self.status.buurt_id}"

    def get_absolute_url(self):
        return reverse("mijlpalen:bewijsstuk", args=[self.pk])


# --------------------------------------------------------------------------------------------
# KPI monitor (lerende buurt)
# --------------------------------------------------------------------------------------------


class Indicator(models.Model):
    class Richting(models.TextChoices):
        LAGER_IS_BETER = "lager_is_beter", _("Lager is beter")
        HOGER_IS_BETER = "hoger_is_beter", _("Hoger is beter")

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    eenheid = models.CharField(_("eenheid"), max_length=100)
    richting = models.CharField(_("richting"), max_length=20, choices=Richting.choices)
    doel_percentage = models.DecimalField(
        _("doel (%)"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Beoogde verandering ten opzichte van het basisjaar, bijvoorbeeld -15 voor 15% minder."),
    )
    doel_jaren = models.PositiveSmallIntegerField(_("in aantal jaren"), default=3)
    basisjaar = models.PositiveSmallIntegerField(_("basisjaar"), default=EERSTE_JAAR)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def doeljaar(self):
        return self.basisjaar + self.doel_jaren

    @property
    def doelindex(self):
        """The target as an index (base year = 100), e.g. 85 for −15%."""
        return 100 + self.doel_percentage


class Meting(models.Model):
    """One measured value of an indicator for a buurt (transition buurt) or its comparison group, per year.

    The value in the indicator's basisjaar is the baseline; figures are indexed to it (= 100), and the
    difference-in-difference is index(buurt) − index(vergelijkingsgroep) per year.
    """

    class Groep(models.TextChoices):
        BUURT = "buurt", _("Transitiebuurt")
        VERGELIJKING = "vergelijking", _("Vergelijkingsbuurten")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="metingen"
    )
    buurt = models.ForeignKey(Buurt, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="kpi_metingen")
    groep = models.CharField(_("groep"), max_length=20, choices=Groep.choices, default=Groep.BUURT)
    vergelijkingsbuurten = models.CharField(
        _("vergelijkingsbuurten"),
        max_length=300,
        blank=True,
        help_text=_("Welke buurten vormen de vergelijkingsgroep (alleen bij de vergelijkingsgroep)."),
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    waarde = models.DecimalField(_("waarde"), max_digits=14, decimal_places=4)
    bron = models.CharField(_("bron"), max_length=200, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["indicator", "buurt", "groep", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "buurt", "groep", "jaar"], name="mijlpalen_meting_unique"),
        ]

    def __str__(self):
        return f"{self.indicator} – {self.buurt} ({self.get_groep_display()}) {self.jaar}: {self.waarde}"

    @property
    def gemeente_id(self):
        return self.buurt.gemeente_id
