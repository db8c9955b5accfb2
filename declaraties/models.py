"""Declaraties: what a partner may declare (Toekenning), the declarations themselves with their
attachments, the four-eyes reviews (Beoordeling) and the payments (Betaling).

Invariants that need only the row itself live here (check and unique constraints, the status
machine with its permissions and conditions). Rules spanning rows (budget, ceiling, who approved
before) live in `services.py`, which runs every transition through `core.workflow.transition` and
is the only place that books to the ledger.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.access import AccessQuerySet
from core.documents import PrivateDocument
from core.fields import BedragField
from core.models import Organisatie
from core.transitions import allowed, condition


def standaard_drempel():
    return Decimal(str(settings.VIER_OGEN_DREMPEL_STANDAARD))


class DeclaratieInstelling(models.Model):
    """Per gemeente: from which amount a declaration needs a second, different approver."""

    gemeente = models.OneToOneField(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="declaratie_instelling",
        limit_choices_to={"soort": Organisatie.Soort.GEMEENTE},
    )
    vier_ogen_drempel = BedragField(
        _("drempel tweede goedkeuring"),
        default=standaard_drempel,
        validators=[MinValueValidator(0)],
        help_text=_("Declaraties van dit bedrag of hoger hebben een tweede, andere beoordelaar nodig."),
    )
    scheiding_goedkeuren_betalen = models.BooleanField(
        _("wie goedkeurt, registreert de betaling niet"),
        default=True,
        help_text=_(
            "Functiescheiding: een medewerker die een declaratie heeft goedgekeurd, kan haar betaling niet registreren."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declaratie-instelling")
        verbose_name_plural = _("declaratie-instellingen")

    def __str__(self):
        return str(self.gemeente)

    @classmethod
    def drempel_voor(cls, gemeente_id):
        instelling = cls.objects.filter(gemeente_id=gemeente_id).first()
        return instelling.vier_ogen_drempel if instelling else standaard_drempel()

    @classmethod
    def scheiding_voor(cls, gemeente_id):
        """Whether an approver of a declaration is kept from registering its payment (default: yes)."""
        instelling = cls.objects.filter(gemeente_id=gemeente_id).first()
        return instelling.scheiding_goedkeuren_betalen if instelling else True


class InstellingWijziging(FSMModelMixin, models.Model):
    """A proposed change of a gemeente's declaration settings (four-eyes threshold, segregation of
    approval and payment). One finance officer proposes, a different one confirms; only then does
    `DeclaratieInstelling` change. Both steps are on the timeline of this record."""

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Voorgesteld (wacht op bevestiging)")
        BEVESTIGD = "bevestigd", _("Bevestigd en ingegaan")
        AFGEWEZEN = "afgewezen", _("Afgewezen of ingetrokken")

    gemeente = models.ForeignKey(Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    vier_ogen_drempel = BedragField(_("nieuwe drempel tweede goedkeuring"), validators=[MinValueValidator(0)])
    scheiding_goedkeuren_betalen = models.BooleanField(_("wie goedkeurt, registreert de betaling niet"), default=True)
    oude_drempel = BedragField(_("drempel bij het voorstel"))
    oude_scheiding = models.BooleanField(_("functiescheiding bij het voorstel"), default=True)
    toelichting = models.TextField(_("toelichting"))
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORGESTELD, protected=True)
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voorgesteld door"), on_delete=models.PROTECT, related_name="+"
    )
    voorgesteld_op = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd of afgewezen door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("bevestigd of afgewezen op"), null=True, blank=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging declaratie-instelling")
        verbose_name_plural = _("wijzigingen declaratie-instellingen")
        ordering = ["-voorgesteld_op", "-pk"]
        constraints = [
            # At most one open proposal per gemeente.
            models.UniqueConstraint(
                fields=["gemeente"], condition=Q(status="voorgesteld"), name="declaraties_een_open_voorstel"
            ),
            models.CheckConstraint(
                condition=Q(status="voorgesteld") | Q(beoordeeld_door__isnull=False),
                name="declaraties_voorstel_beoordeeld_door",
            ),
            models.CheckConstraint(
                condition=~Q(status="bevestigd") | ~Q(beoordeeld_door=models.F("voorgesteld_door")),
                name="declaraties_voorstel_vier_ogen",
            ),
        ]

    def __str__(self):
        return _("Wijziging instellingen %(gemeente)s") % {"gemeente": self.gemeente}

    @transition(
        field=status,
        source=Status.VOORGESTELD,
        target=Status.BEVESTIGD,
        permission=allowed("declaraties.bevestig_instelling"),
        custom={"label": _("Bevestigen")},
    )
    def bevestigen(self):
        pass

    @transition(
        field=status,
        source=Status.VOORGESTELD,
        target=Status.AFGEWEZEN,
        permission=allowed("declaraties.beoordeel_instelling"),
        custom={"label": _("Afwijzen of intrekken")},
    )
    def afwijzen(self):
        pass


class Toekenning(models.Model):
    """What a partner may declare in a buurt for one bestedingsjaar (the ceiling), with the subsidy
    decision it rests on and the accountability requirements that come with it."""

    partner = models.ForeignKey(
        Organisatie, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="toekenningen"
    )
    buurt = models.ForeignKey(
        "buurtplan.Buurt", verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="toekenningen"
    )
    jaar = models.PositiveSmallIntegerField(_("bestedingsjaar"))
    plafond = BedragField(_("plafond"), validators=[MinValueValidator(0)])
    besluit_kenmerk = models.CharField(_("kenmerk subsidiebesluit"), max_length=100, blank=True)
    besluit_datum = models.DateField(_("datum subsidiebesluit"), null=True, blank=True)
    verantwoordingseisen = models.TextField(
        _("verantwoordingseisen"),
        blank=True,
        help_text=_("Bijvoorbeeld: urenregistratie per kwartaal, facturen bijvoegen, eindverslag vóór 1 maart."),
    )
    verantwoording_uiterlijk = models.DateField(
        _("verantwoording uiterlijk"),
        null=True,
        blank=True,
        help_text=_("De datum waarop de partner zich over dit jaar verantwoordt; er gaat vooraf een herinnering."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("toekenning")
        verbose_name_plural = _("toekenningen")
        ordering = ["buurt__naam", "partner__naam", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "buurt", "jaar"], name="declaraties_toekenning_uniek"),
            models.CheckConstraint(condition=Q(plafond__gte=0), name="declaraties_toekenning_plafond_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.partner} – {self.buurt} {self.jaar}"

    @property
    def gemeente_id(self):
        return self.buurt.gemeente_id


class Nummerteller(models.Model):
    """The last declaration number per gemeente and year (locked while numbering)."""

    gemeente = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="declaraties_nummerteller_uniek")]


@condition(
    _(
        "De boeking van deze declaratie is tegengeboekt in het grootboek. Storneer de declaratie; een "
        "tegengeboekte declaratie wordt niet betaald."
    )
)
def boeking_staat(declaratie):
    from grootboek.api import is_tegengeboekt

    return declaratie.journaalpost_id is not None and not is_tegengeboekt(declaratie.journaalpost)


@condition(_("Onder de drempel is één goedkeuring genoeg: de declaratie wordt direct goedgekeurd en geboekt."))
def vraagt_tweede_goedkeuring(declaratie):
    return declaratie.benodigde_goedkeuringen() == 2


class Declaratie(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        INGEDIEND = "ingediend", _("Ingediend")
        WIJZIGING_GEVRAAGD = "wijziging_gevraagd", _("Wijziging gevraagd")
        OPNIEUW_INGEDIEND = "opnieuw_ingediend", _("Opnieuw ingediend")
        GOEDGEKEURD = "goedgekeurd", _("Eerste goedkeuring (wacht op tweede)")
        GEBOEKT = "geboekt", _("Goedgekeurd en geboekt")
        BETAALD = "betaald", _("Betaald")
        AFGEWEZEN = "afgewezen", _("Afgewezen")
        GESTORNEERD = "gestorneerd", _("Gestorneerd (creditnota)")

    S = Status
    # Statuses that hold budget while a new declaration is submitted (reserved) ...
    RESERVERENDE_STATUSSEN = (
        S.INGEDIEND,
        S.WIJZIGING_GEVRAAGD,
        S.OPNIEUW_INGEDIEND,
        S.GOEDGEKEURD,
        S.GEBOEKT,
        S.BETAALD,
    )
    # ... and that are committed money when a declaration is approved.
    GOEDGEKEURDE_STATUSSEN = (S.GEBOEKT, S.BETAALD)
    IN_BEHANDELING = (S.INGEDIEND, S.OPNIEUW_INGEDIEND, S.GOEDGEKEURD)
    EERSTE_BEOORDELING = (S.INGEDIEND, S.OPNIEUW_INGEDIEND)
    BEWERKBAAR = (S.CONCEPT, S.WIJZIGING_GEVRAAGD)

    # What a partner sees: fewer, plainer statuses.
    PARTNER_LABELS = {
        S.CONCEPT: _("Concept"),
        S.INGEDIEND: _("In behandeling"),
        S.OPNIEUW_INGEDIEND: _("In behandeling"),
        S.GOEDGEKEURD: _("In behandeling"),
        S.WIJZIGING_GEVRAAGD: _("Aanpassing gevraagd"),
        S.GEBOEKT: _("Goedgekeurd"),
        S.BETAALD: _("Betaald"),
        S.AFGEWEZEN: _("Afgewezen"),
        S.GESTORNEERD: _("Gecrediteerd (storno)"),
    }
    # Statuses whose invoice number is free again (a rejected or credited invoice may be declared anew).
    FACTUUR_VRIJ = (S.AFGEWEZEN, S.GESTORNEERD)

    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De gemeente van de buurt: zij beoordeelt en nummert de declaratie."),
    )
    nummer = models.CharField(_("nummer"), max_length=20, blank=True, help_text=_("Krijgt de declaratie bij indienen."))
    partner = models.ForeignKey(
        Organisatie, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="declaraties"
    )
    buurt = models.ForeignKey(
        "buurtplan.Buurt", verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="declaraties"
    )
    begrotingsregel = models.ForeignKey(
        "buurtplan.Begrotingsregel",
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="declaraties",
    )
    regel_oorsprong_id = models.BigIntegerField(
        _("oorspronkelijke begrotingsregel"),
        db_index=True,
        help_text=_("De eerste versie van de begrotingsregel; over alle versies heen telt één budget."),
    )
    bestedingsjaar = models.PositiveSmallIntegerField(_("bestedingsjaar"))
    periode_van = models.DateField(_("periode van"), null=True, blank=True)
    periode_tot = models.DateField(_("periode tot en met"), null=True, blank=True)
    bedrag = BedragField(_("bedrag"), null=True, blank=True)
    uren = models.DecimalField(_("uren"), max_digits=8, decimal_places=2, null=True, blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    factuurnummer = models.CharField(_("uw factuurnummer"), max_length=60, blank=True)
    niet_elders_gefinancierd = models.BooleanField(
        _("Ik verklaar dat deze kosten niet uit andere middelen zijn of worden betaald."), default=False
    )
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, protected=True)
    ronde = models.PositiveSmallIntegerField(_("beoordelingsronde"), default=0)
    reden = models.TextField(_("laatste reden (wijziging of afwijzing)"), blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangemaakt door"), on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    journaalpost = models.OneToOneField(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The beschikking whose Lasten account the booking entry debited, recorded with the entry: the
    # reconciliation sums the declarations per beschikking from this table alone (joining 20,000
    # declarations to their ledger lines took most of the Aansluiting page); grootboek_controle
    # checks it against the entry (`controles.bevindingen`).
    geboekt_op_beschikking = models.CharField(_("geboekt op beschikking"), max_length=60, blank=True, default="")
    betaling = models.ForeignKey(
        "declaraties.Betaling",
        verbose_name=_("betaling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declaraties",
    )
    storno_journaalpost = models.OneToOneField(
        "grootboek.Journaalpost",
        verbose_name=_("tegenboeking (storno)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vordering_journaalpost = models.OneToOneField(
        "grootboek.Journaalpost",
        verbose_name=_("vordering op de partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Geboekt bij de storno van een al betaalde declaratie: Debiteuren debet / Crediteuren credit."),
    )
    gestorneerd_op = models.DateTimeField(_("gestorneerd op"), null=True, blank=True)
    # Who of finance is working on it ("Ik pak dit op"); a work marker, not a permission.
    in_behandeling_bij = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("in behandeling bij"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["status"])

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("declaratie")
        verbose_name_plural = _("declaraties")
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"], condition=~Q(nummer=""), name="declaraties_nummer_uniek"
            ),
            # One invoice number per partner, whatever the amount (a rejected or credited one frees it).
            models.UniqueConstraint(
                fields=["partner", "factuurnummer"],
                condition=~Q(status__in=["afgewezen", "gestorneerd"]) & ~Q(factuurnummer=""),
                name="declaraties_factuurnummer_uniek",
            ),
            models.CheckConstraint(
                condition=Q(bedrag__isnull=True) | Q(bedrag__gt=0), name="declaraties_bedrag_positief"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["concept", "wijziging_gevraagd"])
                | (Q(bedrag__isnull=False) & ~Q(nummer="") & Q(niet_elders_gefinancierd=True)),
                name="declaraties_ingediend_volledig",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["geboekt", "betaald", "gestorneerd"]) | Q(journaalpost__isnull=False),
                name="declaraties_geboekt_heeft_journaalpost",
            ),
            models.CheckConstraint(
                condition=~Q(status="gestorneerd") | Q(storno_journaalpost__isnull=False),
                name="declaraties_gestorneerd_heeft_tegenboeking",
            ),
            models.CheckConstraint(
                condition=~Q(status="betaald") | Q(betaling__isnull=False), name="declaraties_betaald_heeft_betaling"
            ),
        ]
        # The work list's filters and sorts (EXPLAIN before/after in docs/declaraties.md, *Indexes*).
        indexes = [
            # Covering the reconciliation's sums (status, partner, beschikking, bedrag): read from
            # the index alone on PostgreSQL.
            models.Index(
                fields=["gemeente", "status"],
                include=["partner", "geboekt_op_beschikking", "bedrag"],
                name="declaraties_gemeente_status",
            ),
            models.Index(fields=["partner", "status"]),
            # Default view (te beoordelen, newest first) and its count: an ordered scan that stops
            # after one page, and an index-only count.
            models.Index(
                fields=["gemeente", "-ingediend_op", "-id"],
                condition=Q(status__in=["ingediend", "opnieuw_ingediend", "goedgekeurd"]),
                name="declaraties_werk_te_beoordelen",
            ),
            # All statuses sorted by date or amount, also on deep pages (no sort on disk).
            models.Index(fields=["gemeente", "-ingediend_op", "-id"], name="declaraties_werk_ingediend"),
            models.Index(fields=["gemeente", "-bedrag", "-id"], name="declaraties_werk_bedrag"),
            # The payments list (te betalen / betaald, in number order): a walk that stops after a
            # page, where the (gemeente, status) index made PostgreSQL sort the 5,800 booked
            # declarations of a large gemeente with two parallel workers (10 ms at schaal 1.75).
            models.Index(
                fields=["gemeente", "nummer", "id"],
                condition=Q(status__in=["geboekt", "betaald"]),
                name="declaraties_betalingen",
            ),
            # A partner's own list, newest first (3,359 rows sorted per page at national scale).
            models.Index(fields=["partner", "-aangemaakt_op", "-id"], name="declaraties_partner_nieuw"),
        ]

    def __str__(self):
        return self.nummer or f"{_('Concept')} #{self.pk}"

    def get_absolute_url(self):
        return reverse("declaraties:detail", args=[self.pk])

    @property
    def partner_status(self):
        return self.PARTNER_LABELS.get(self.status, self.get_status_display())

    @property
    def is_bewerkbaar(self):
        return self.status in self.BEWERKBAAR

    def drempel(self):
        """From this amount the gemeente wants a second, different approver (four eyes)."""
        return DeclaratieInstelling.drempel_voor(self.gemeente_id)

    def samenhangende_declaraties(self):
        """Other submitted, not rejected or credited declarations of the same partner on the same
        budget line (activity × buurt × year, all plan versions) whose period shares a calendar
        quarter with this one: together they are one claim for the four-eyes threshold."""
        if self.pk is None or self.periode_van is None or self.periode_tot is None:
            return Declaratie.objects.none()
        begin = datetime.date(self.periode_van.year, 3 * ((self.periode_van.month - 1) // 3) + 1, 1)
        laatste_maand = 3 * ((self.periode_tot.month - 1) // 3) + 3
        eind = datetime.date(
            self.periode_tot.year, laatste_maand, calendar.monthrange(self.periode_tot.year, laatste_maand)[1]
        )
        return (
            Declaratie.objects.filter(
                partner_id=self.partner_id,
                regel_oorsprong_id=self.regel_oorsprong_id,
                status__in=self.RESERVERENDE_STATUSSEN,
                periode_van__lte=eind,
                periode_tot__gte=begin,
            )
            .exclude(pk=self.pk)
            .order_by("periode_van", "pk")
        )

    def samenhangend_bedrag(self):
        """This amount plus the amounts of `samenhangende_declaraties` (the claim as a whole)."""
        if self.bedrag is None:
            return None
        anders = self.samenhangende_declaraties().aggregate(s=models.Sum("bedrag"))["s"] or Decimal("0")
        return self.bedrag + anders

    def is_gesplitst_boven_drempel(self):
        """Below the threshold alone, at or above it together with its related declarations."""
        if self.bedrag is None:
            return False
        drempel = self.drempel()
        return self.bedrag < drempel <= self.samenhangend_bedrag()

    def benodigde_goedkeuringen(self):
        if self.bedrag is None:
            return 1
        if self.bedrag >= self.drempel() or self.is_gesplitst_boven_drempel():
            return 2
        return 1

    # --- the status machine: run only through core.workflow.transition (from services.py) ----
    # Budget, ceiling and four-eyes checks span rows and stay in the services; what the row alone
    # decides is declared here.

    @transition(
        field=status,
        source=S.CONCEPT,
        target=S.INGEDIEND,
        permission=allowed("declaraties.dien_in"),
        custom={"label": _("Indienen")},
    )
    def indienen(self):
        pass

    @transition(
        field=status,
        source=S.WIJZIGING_GEVRAAGD,
        target=S.OPNIEUW_INGEDIEND,
        permission=allowed("declaraties.dien_in"),
        custom={"label": _("Opnieuw indienen")},
    )
    def opnieuw_indienen(self):
        pass

    @transition(
        field=status,
        source=IN_BEHANDELING,
        target=S.WIJZIGING_GEVRAAGD,
        permission=allowed("declaraties.beoordeel"),
        custom={"label": _("Aanpassing vragen")},
    )
    def wijziging_vragen(self):
        pass

    @transition(
        field=status,
        source=[S.INGEDIEND, S.OPNIEUW_INGEDIEND],
        target=S.GOEDGEKEURD,
        permission=allowed("declaraties.beoordeel"),
        conditions=[vraagt_tweede_goedkeuring],
        custom={"label": _("Eerste goedkeuring")},
    )
    def eerste_goedkeuring(self):
        pass

    @transition(
        field=status,
        source=IN_BEHANDELING,
        target=S.GEBOEKT,
        permission=allowed("declaraties.beoordeel"),
        custom={"label": _("Goedkeuren en boeken")},
    )
    def boeken(self):
        pass

    @transition(
        field=status,
        source=IN_BEHANDELING,
        target=S.AFGEWEZEN,
        permission=allowed("declaraties.beoordeel"),
        custom={"label": _("Afwijzen")},
    )
    def afwijzen(self):
        pass

    @transition(
        field=status,
        source=S.GEBOEKT,
        target=S.BETAALD,
        permission=allowed("declaraties.betaal"),
        conditions=[boeking_staat],
        custom={"label": _("Betaling registreren")},
    )
    def betalen(self):
        pass

    @transition(
        field=status,
        source=[S.GEBOEKT, S.BETAALD],
        target=S.GESTORNEERD,
        permission=allowed("declaraties.storneer"),
        custom={"label": _("Storneren (creditnota)")},
    )
    def storneren(self):
        pass

    @transition(
        field=status,
        source=S.BETAALD,
        target=S.GEBOEKT,
        permission=allowed("declaraties.storneer"),
        custom={"label": _("Betaling terugdraaien")},
    )
    def betaling_storneren(self):
        pass


class Bijlage(PrivateDocument):
    """An invoice or proof: PDF, PNG or JPEG (checked by content), at most 10 MB, stored privately."""

    declaratie = models.ForeignKey(
        Declaratie, verbose_name=_("declaratie"), on_delete=models.PROTECT, related_name="bijlagen"
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["declaratie", "geupload_op", "pk"]

    def storage_folder(self):
        return f"declaraties/{self.declaratie.gemeente_id}"

    @property
    def gemeente_id(self):
        return self.declaratie.gemeente_id

    def get_absolute_url(self):
        return reverse("declaraties:bijlage", args=[self.declaratie_id, self.pk])


class Bericht(models.Model):
    """One message in the conversation between finance and the partner about a declaration.

    Messages are never edited or deleted: they are part of the review record."""

    declaratie = models.ForeignKey(
        Declaratie, verbose_name=_("declaratie"), on_delete=models.PROTECT, related_name="berichten"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT, related_name="+"
    )
    # The side is stored, not derived from the author's roles later: roles change, the record must not.
    van_partner = models.BooleanField(_("van de partner"))
    tekst = models.TextField(_("bericht"))
    geplaatst_op = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["declaratie", "geplaatst_op", "pk"]

    def __str__(self):
        return f"{self.declaratie} – {self.auteur}"

    @property
    def gemeente_id(self):
        return self.declaratie.gemeente_id

    def get_absolute_url(self):
        return reverse("declaraties:detail", args=[self.declaratie_id]) + "#berichten"


class Beoordeling(models.Model):
    """One decision of a reviewer in one review round (a round starts at every (re)submission)."""

    class Besluit(models.TextChoices):
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        WIJZIGING_GEVRAAGD = "wijziging_gevraagd", _("Wijziging gevraagd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    declaratie = models.ForeignKey(
        Declaratie, verbose_name=_("declaratie"), on_delete=models.PROTECT, related_name="beoordelingen"
    )
    beoordelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beoordelaar"), on_delete=models.PROTECT, related_name="+"
    )
    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices)
    ronde = models.PositiveSmallIntegerField(_("ronde"))
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["declaratie", "tijdstip", "pk"]
        constraints = [
            # Four eyes in the database too: one approval per person per round.
            models.UniqueConstraint(
                fields=["declaratie", "ronde", "beoordelaar"],
                condition=Q(besluit="goedgekeurd"),
                name="declaraties_een_goedkeuring_per_persoon_per_ronde",
            ),
        ]

    def __str__(self):
        return f"{self.declaratie} {self.get_besluit_display()} ({self.beoordelaar})"

    @property
    def gemeente_id(self):
        return self.declaratie.gemeente_id


class Betaling(FSMModelMixin, models.Model):
    """A payment run registered by finance: debit Crediteuren / credit Bank for its declarations.

    A payment storno (the bank returned it, or it was registered by mistake) reverses its entry;
    its declarations go back to geboekt and are kept in `gestorneerde_declaraties`."""

    class Status(models.TextChoices):
        GEREGISTREERD = "geregistreerd", _("Geregistreerd en geboekt")
        GESTORNEERD = "gestorneerd", _("Gestorneerd")

    gemeente = models.ForeignKey(Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    betaaldatum = models.DateField(_("betaaldatum"))
    referentie = models.CharField(_("betalingskenmerk"), max_length=100, blank=True)
    totaal = BedragField(_("totaal"))
    journaalpost = models.OneToOneField(
        "grootboek.Journaalpost",
        verbose_name=_("journaalpost"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geregistreerd door"), on_delete=models.PROTECT, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.GEREGISTREERD, protected=True)
    storno_journaalpost = models.OneToOneField(
        "grootboek.Journaalpost",
        verbose_name=_("tegenboeking (storno)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gestorneerd_op = models.DateTimeField(_("gestorneerd op"), null=True, blank=True)
    gestorneerde_declaraties = models.ManyToManyField(
        Declaratie, verbose_name=_("declaraties van de gestorneerde betaling"), blank=True, related_name="+"
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["-betaaldatum", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="gestorneerd") | Q(storno_journaalpost__isnull=False),
                name="declaraties_betaling_gestorneerd_heeft_tegenboeking",
            ),
        ]

    def __str__(self):
        return f"{_('Betaling')} {self.betaaldatum:%d-%m-%Y} {self.referentie}".strip()

    def get_absolute_url(self):
        return reverse("declaraties:betaling", args=[self.pk])

    @transition(
        field=status,
        source=Status.GEREGISTREERD,
        target=Status.GESTORNEERD,
        permission=allowed("declaraties.storneer_betaling"),
        custom={"label": _("Betaling storneren")},
    )
    def storneren(self):
        pass
