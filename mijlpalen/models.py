"""Mijlpalen: the milestones of the transformatieplan, the money tied to them per buurt and year,
who bears the risk, the status per buurt as judged by the coordinating health insurer, the evidence,
and the KPI monitor of the lerende buurt (indicators and measurements).

A milestone counts as achieved nationally only when it is achieved in every participating buurt
(a buurt participates when it has an amount or a status for the milestone); see `queries.py`.
"""

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from buurtplan.models import EERSTE_JAAR, LAATSTE_JAAR, Activiteit, Buurt, PlanOnderdeel, Transformatieplan
from core.access import AccessQuerySet
from core.documents import PrivateDocument
from core.fields import BedragField
from core.frozen import FrozenModel, FrozenQuerySet
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


# Set only while `services.wijzig_toegekend_bedrag` writes an amendment: the one door through which
# a granted amount changes (the database trigger also demands a matching MijlpaalWijziging).
_wijziging_actief = contextvars.ContextVar("mijlpalen_wijziging_actief", default=False)


@contextlib.contextmanager
def wijziging_context() -> Iterator[None]:
    token = _wijziging_actief.set(True)
    try:
        yield
    finally:
        _wijziging_actief.reset(token)


TOEGEKEND_MESSAGE = _(
    "Dit mijlpaalbedrag is toegekend in een beschikking en ligt vast. Wijzig het met een "
    "mijlpaalwijziging met een reden."
)


class MijlpaalBedragQuerySet(FrozenQuerySet, AccessQuerySet):  # type: ignore[override]  # django-stubs: both bases get a generated as_manager()
    """Granted amounts are refused in bulk too (core.frozen)."""


class MijlpaalBedrag(FrozenModel):
    """The buurt's mijlpalenoverzicht: per milestone and year the amounts and who bears the risk.

    Frozen once granted (`toegekend_op`: set when the aanvraag that covers the buurt is verleend).
    After that an amount changes only through a versioned `MijlpaalWijziging` (with a reason).
    """

    frozen_message = TOEGEKEND_MESSAGE

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
    toegekend_op = models.DateField(_("toegekend op"), null=True, blank=True)
    toegekend_in = models.CharField(_("toegekend in beschikking"), max_length=100, blank=True)
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    history = HistoricalRecords()

    objects = MijlpaalBedragQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a subclass's manager, not an instance variable

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
    def risicodrager_organisatie(self) -> str:
        """Who bears the risk, by name: the gemeente of the buurt, or its alliance (the care providers)."""
        if self.risicodrager == self.Risicodrager.GEMEENTE:
            return self.buurt.gemeente.naam
        return self.buurt.alliantie

    @property
    def is_toegekend(self) -> bool:
        return self.toegekend_op is not None

    @classmethod
    def frozen_q(cls):
        return models.Q(toegekend_op__isnull=False)

    def frozen_on_insert(self) -> bool:
        """A buurt whose amounts were granted gets no new ones outside an amendment."""
        return MijlpaalBedrag.objects.filter(buurt_id=self.buurt_id, toegekend_op__isnull=False).exists()

    def is_frozen(self) -> bool:
        if _wijziging_actief.get() and not self._state.adding:
            return False
        return super().is_frozen()


class MijlpaalWijziging(FrozenModel):
    """A versioned amendment of a granted milestone amount: who, when, why, old and new amounts.

    Never changed or deleted; the amount row carries the version of its latest amendment."""

    frozen_message = _("Een mijlpaalwijziging is definitief vastgelegd. Corrigeer met een nieuwe wijziging.")

    bedrag = models.ForeignKey(
        MijlpaalBedrag, verbose_name=_("mijlpaalbedrag"), on_delete=models.PROTECT, related_name="wijzigingen"
    )
    versie = models.PositiveSmallIntegerField(_("versie"))
    oud_sociaal_domein = BedragField(_("oud bedrag sociaal domein"))
    nieuw_sociaal_domein = BedragField(_("nieuw bedrag sociaal domein"), validators=[MinValueValidator(0)])
    oud_zorg = BedragField(_("oud bedrag zorg"))
    nieuw_zorg = BedragField(_("nieuw bedrag zorg"), validators=[MinValueValidator(0)])
    reden = models.TextField(_("reden"))
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gewijzigd door"), on_delete=models.PROTECT, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("mijlpaalwijziging")
        verbose_name_plural = _("mijlpaalwijzigingen")
        ordering = ["bedrag", "versie"]
        constraints = [
            models.UniqueConstraint(fields=["bedrag", "versie"], name="mijlpalen_wijziging_unique_versie"),
            models.CheckConstraint(
                condition=models.Q(nieuw_sociaal_domein__gte=0) & models.Q(nieuw_zorg__gte=0),
                name="mijlpalen_wijziging_niet_negatief",
            ),
        ]

    def __str__(self):
        return _("Wijziging %(versie)s van %(bedrag)s") % {"versie": self.versie, "bedrag": self.bedrag}

    @property
    def gemeente_id(self):
        return self.bedrag.buurt.gemeente_id


class ActiviteitMijlpaal(PlanOnderdeel):
    """An activity of a buurtplan version serves a milestone: its spending counts for that milestone
    (SiSa indicator 6). Edited while the plan version is a concept, frozen with it once vastgesteld;
    a new version copies the links (`buurtplan.signals.versie_gekopieerd`)."""

    plan_path = "activiteit__buurtplan"

    activiteit = models.ForeignKey(
        Activiteit, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="mijlpaalkoppelingen"
    )
    mijlpaal = models.ForeignKey(
        "Mijlpaal", verbose_name=_("mijlpaal"), on_delete=models.PROTECT, related_name="activiteitkoppelingen"
    )

    class Meta:
        verbose_name = _("activiteit van een mijlpaal")
        verbose_name_plural = _("activiteiten van mijlpalen")
        ordering = ["mijlpaal__nummer", "activiteit__naam"]
        constraints = [
            models.UniqueConstraint(fields=["activiteit", "mijlpaal"], name="mijlpalen_activiteit_unique"),
        ]

    def __str__(self):
        return f"{self.activiteit} → {self.mijlpaal}"

    def plan_id_for_freezing(self):
        return self.activiteit.buurtplan_id if self.activiteit_id else None

    @property
    def gemeente_id(self):
        return self.activiteit.buurtplan.buurt.gemeente_id


class LandelijkOordeel(FrozenModel, PrivateDocument):
    """The national judgement of the coordinating health insurer on one milestone (SiSa indicator 2):
    who judged, when, behaald or not, with the evidence document. Never changed: a later judgement
    supersedes (the current one is the latest by `beoordeeld_op`, then by recording order)."""

    class Uitkomst(models.TextChoices):
        BEHAALD = "behaald", _("Behaald")
        NIET_BEHAALD = "niet_behaald", _("Niet behaald")

    frozen_message = _("Een landelijk oordeel is definitief vastgelegd. Leg een nieuw oordeel vast om het te herzien.")

    mijlpaal = models.ForeignKey(
        "Mijlpaal", verbose_name=_("mijlpaal"), on_delete=models.PROTECT, related_name="landelijke_oordelen"
    )
    uitkomst = models.CharField(_("oordeel"), max_length=20, choices=Uitkomst.choices)
    beoordelaar = models.ForeignKey(
        Organisatie,
        verbose_name=_("coördinerend zorgverzekeraar"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": Organisatie.Soort.ZORGVERZEKERAAR},
    )
    beoordeeld_op = models.DateField(_("beoordeeld op"))
    toelichting = models.TextField(_("toelichting"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("landelijk oordeel")
        verbose_name_plural = _("landelijke oordelen")
        ordering = ["mijlpaal", "-beoordeeld_op", "-pk"]

    def __str__(self):
        return _("Landelijk oordeel %(mijlpaal)s: %(uitkomst)s") % {
            "mijlpaal": self.mijlpaal,
            "uitkomst": self.get_uitkomst_display(),
        }

    def storage_folder(self):
        return f"mijlpalen/landelijk/{self.mijlpaal_id}"

    def get_absolute_url(self):
        return reverse("mijlpalen:landelijk_bewijs", args=[self.pk])


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
