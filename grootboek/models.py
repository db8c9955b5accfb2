"""The double-entry ledger: accounts (Rekening), journal entries (Journaalpost) and their lines.

Invariants held here (and, on PostgreSQL, again by triggers in the database):
- a booked Journaalpost and its Journaalregels are never changed or deleted; corrections are
  reversal entries (`services.tegenboek`);
- entries are only created by `services.boek`, which checks that they balance;
- every line has exactly one positive side (debet or credit), the other is zero;
- stuknummers are unique and gapless per gemeente and boekjaar (`Boekjaar.laatste_volgnummer`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import AccessQuerySet
from core.fields import BedragField
from core.frozen import FrozenError, FrozenModel, FrozenQuerySet
from core.models import Organisatie

# Set only while services.boek() writes an entry: the one door through which entries come in.
_boeking_actief = contextvars.ContextVar("grootboek_boeking_actief", default=False)


@contextlib.contextmanager
def boeking_context() -> Iterator[None]:
    token = _boeking_actief.set(True)
    try:
        yield
    finally:
        _boeking_actief.reset(token)


def _refuse_outside_boek(model: type[models.Model]) -> None:
    raise FrozenError(
        gettext("Een %(model)s ontstaat alleen via de boekingsservice (grootboek.services.boek).")
        % {"model": model._meta.verbose_name},
        code="frozen",
    )


class LedgerQuerySet(FrozenQuerySet, AccessQuerySet):  # type: ignore[override]  # django-stubs: both bases get a generated as_manager()
    """Booked rows are frozen (core.frozen); bulk inserts, like single ones, only inside boek()."""

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        if not _boeking_actief.get():
            _refuse_outside_boek(self.model)
        created = super().bulk_create(objs, *args, **kwargs)
        if self.model is Journaalregel:
            # Lines and their totals are written together, whichever path inserts the lines
            # (boek(), or a bulk loader inside the booking context).
            Rekeningtotaal.tel_op(created)
        return created


class LedgerRecord(FrozenModel):
    """A booked ledger record: every stored row is frozen (the default `frozen_q`), and a new row
    may only be written by `services.boek` (the booking context)."""

    frozen_message = _(
        "Een geboekte journaalpost of journaalregel kan niet worden gewijzigd of verwijderd. "
        "Corrigeer met een tegenboeking."
    )

    objects = LedgerQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a subclass's manager, not an instance variable

    class Meta:
        abstract = True

    def frozen_on_insert(self) -> bool:
        return not _boeking_actief.get()

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        if adding and self.frozen_on_insert():
            _refuse_outside_boek(type(self))
        super().save(*args, **kwargs)
        if adding and isinstance(self, Journaalregel):
            Rekeningtotaal.tel_op([self])


class Rekening(models.Model):
    """A ledger account of one gemeente. Master data: number, name and coding may be re-mapped."""

    class Soort(models.TextChoices):
        ACTIVA = "activa", _("Activa")
        PASSIVA = "passiva", _("Passiva")
        LASTEN = "lasten", _("Lasten")
        BATEN = "baten", _("Baten")

    class Rol(models.TextChoices):
        BANK = "bank", _("Bank")
        CREDITEUREN = "crediteuren", _("Crediteuren")
        VOORUITONTVANGEN = "vooruitontvangen", _("Vooruitontvangen SPUK")
        LASTEN = "lasten", _("Lasten SPUK")
        BATEN = "baten", _("Baten SPUK")
        TE_BETALEN_RIJK = "te_betalen_rijk", _("Te betalen aan Rijk")
        DEBITEUREN = "debiteuren", _("Debiteuren")
        NOG_TE_ONTVANGEN = "nog_te_ontvangen", _("Nog te ontvangen SPUK")

    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="rekeningen",
        limit_choices_to={"soort": Organisatie.Soort.GEMEENTE},
    )
    nummer = models.CharField(
        _("grootboeknummer"), max_length=30, help_text=_("Het rekeningnummer in het grootboek van de gemeente.")
    )
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    rol = models.CharField(
        _("rol"),
        max_length=20,
        choices=Rol.choices,
        blank=True,
        help_text=_("De functie van de rekening in het standaardschema; leeg voor een eigen rekening."),
    )
    beschikkingsnummer = models.CharField(
        _("beschikkingsnummer"),
        max_length=60,
        blank=True,
        help_text=_("Voor de rekeningen per beschikking; leeg voor Bank en Crediteuren."),
    )
    kostenplaats = models.CharField(_("kostenplaats"), max_length=30, blank=True)
    taakveld = models.CharField(_("Iv3-taakveld"), max_length=10, blank=True, help_text=_("Bijvoorbeeld 6.1."))
    economische_categorie = models.CharField(
        _("economische categorie"), max_length=10, blank=True, help_text=_("Iv3-categorie, bijvoorbeeld 4.3.1.")
    )
    actief = models.BooleanField(_("actief"), default=True)

    objects = AccessQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekening")
        verbose_name_plural = _("rekeningen")
        ordering = ["gemeente", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "nummer"], name="grootboek_rekening_unique_nummer"),
            models.UniqueConstraint(
                fields=["gemeente", "rol", "beschikkingsnummer"],
                condition=~Q(rol=""),
                name="grootboek_rekening_unique_rol",
            ),
        ]

    def __str__(self):
        return f"{self.nummer} {self.naam}"

    def get_absolute_url(self):
        return reverse("grootboek:rekeningkaart", args=[self.pk])


class Boekjaar(models.Model):
    """Per gemeente and year: open or closed, and the stuknummer counter (locked while booking)."""

    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="boekjaren"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    laatste_volgnummer = models.PositiveIntegerField(_("laatste volgnummer"), default=0)
    gesloten = models.BooleanField(_("gesloten"), default=False)
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    gesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("boekjaar")
        verbose_name_plural = _("boekjaren")
        ordering = ["gemeente", "-jaar"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="grootboek_boekjaar_unique")]

    def __str__(self):
        return f"{self.gemeente} {self.jaar}"


class AfgeslotenPeriode(models.Model):
    """Year T of one beschikking's accounts is closed: its release (vrijval) has been booked, so no
    entry may be booked into boekjaar T on any account of that beschikkingsnummer any more. Written
    by `services.sluit_periode` (spuk's jaarafsluiting) in the transaction of the release itself.
    Never changed or removed (on PostgreSQL a trigger refuses UPDATE/DELETE)."""

    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="afgesloten_perioden"
    )
    beschikkingsnummer = models.CharField(_("beschikkingsnummer"), max_length=60)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    reden = models.CharField(_("reden"), max_length=200, blank=True)
    afgesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    afgesloten_op = models.DateTimeField(_("afgesloten op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afgesloten periode")
        verbose_name_plural = _("afgesloten perioden")
        ordering = ["gemeente", "beschikkingsnummer", "jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "beschikkingsnummer", "jaar"], name="grootboek_afgeslotenperiode_unique"
            )
        ]

    def __str__(self):
        return f"{self.beschikkingsnummer} {self.jaar}"


class Journaalpost(LedgerRecord):
    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="journaalposten"
    )
    boekjaar = models.PositiveSmallIntegerField(_("boekjaar"))
    volgnummer = models.PositiveIntegerField(_("volgnummer"))
    boekdatum = models.DateField(_("boekdatum"))
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    bron_type = models.ForeignKey(
        ContentType, verbose_name=_("soort bron"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bron_id = models.CharField(_("bron-id"), max_length=64, blank=True)
    bron = GenericForeignKey("bron_type", "bron_id")
    bron_referentie = models.CharField(_("bron"), max_length=200, blank=True)
    tegenboeking_van = models.OneToOneField(
        "self",
        verbose_name=_("tegenboeking van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tegenboeking",
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geboekt door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("geboekt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("journaalpost")
        verbose_name_plural = _("journaalposten")
        ordering = ["gemeente", "boekjaar", "volgnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "boekjaar", "volgnummer"], name="grootboek_journaalpost_unique_stuknummer"
            ),
            models.CheckConstraint(condition=Q(volgnummer__gte=1), name="grootboek_journaalpost_volgnummer_positief"),
        ]
        indexes = [
            # Booking order per gemeente: the rekeningkaart's keyset pages walk this index.
            models.Index(fields=["gemeente", "boekdatum", "volgnummer"], name="grootboek_post_boekvolgorde"),
            models.Index(fields=["bron_type", "bron_id"]),
        ]

    def __str__(self):
        return f"{self.stuknummer} {self.omschrijving}"

    @staticmethod
    def format_stuknummer(boekjaar, volgnummer):
        return f"{boekjaar}-{volgnummer:06d}"

    @property
    def stuknummer(self):
        return self.format_stuknummer(self.boekjaar, self.volgnummer)

    @property
    def periode(self):
        return self.boekdatum.month

    def get_absolute_url(self):
        return reverse("grootboek:journaalpost", args=[self.pk])


class SisaCategorie(models.TextChoices):
    ZELFSTANDIG = "zelfstandig", _("Zelfstandige uitvoering")
    MEDEOVERHEID = "medeoverheid", _("Uitvoering door medeoverheden")


class Journaalregel(LedgerRecord):
    journaalpost = models.ForeignKey(
        Journaalpost, verbose_name=_("journaalpost"), on_delete=models.PROTECT, related_name="regels"
    )
    # Indexed as (rekening, id) in Meta: an account's newest lines come straight off that index.
    rekening = models.ForeignKey(
        Rekening, verbose_name=_("rekening"), on_delete=models.PROTECT, related_name="regels", db_index=False
    )
    debet = BedragField(_("debet"), default=0)
    credit = BedragField(_("credit"), default=0)
    relatie = models.ForeignKey(
        Organisatie, verbose_name=_("relatie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bestedingsjaar = models.PositiveSmallIntegerField(_("bestedingsjaar"), null=True, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    # SiSa category of an expense line (DESIGN.md §3), stored when the line is booked: spending by a
    # gemeente partner is uitvoering door een medeoverheid. Blank on lines that are no expense.
    sisa_categorie = models.CharField(
        _("SiSa-categorie"), max_length=20, choices=SisaCategorie.choices, blank=True, default="", db_default=""
    )
    # The buurtplan activity (buurtplan.Activiteit id) the cost was made for, stored when a
    # declaration is booked. A plain id: the ledger sits left of buurtplan and knows no activities.
    activiteit_ref = models.PositiveBigIntegerField(_("activiteit (id)"), null=True, blank=True)

    class Meta:
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaalregels")
        ordering = ["journaalpost", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(debet__gte=0) & Q(credit__gte=0), name="grootboek_regel_niet_negatief"),
            models.CheckConstraint(
                condition=(Q(debet__gt=0) & Q(credit=0)) | (Q(debet=0) & Q(credit__gt=0)),
                name="grootboek_regel_precies_een_kant",
            ),
        ]
        indexes = [
            models.Index(fields=["rekening", "id"], name="grootboek_regel_rekening_id"),
            models.Index(fields=["rekening", "bestedingsjaar"]),
            models.Index(fields=["rekening", "activiteit_ref"]),
        ]

    def __str__(self):
        side = f"D {self.debet}" if self.debet else f"C {self.credit}"
        return f"{self.rekening.nummer} {side}"

    def get_absolute_url(self):
        return reverse("grootboek:journaalpost", args=[self.journaalpost_id])

    @property
    def bedrag(self):
        """Signed amount: debit positive, credit negative."""
        return self.debet - self.credit


# The key of a totals row (its unique constraint, the upsert, the rebuild and the check).
SLEUTEL = ["rekening", "boekjaar", "bestedingsjaar", "maand", "relatie_ref", "sisa_categorie"]


class Rekeningtotaal(models.Model):
    """Debet, credit and number of lines per account, boekjaar, bestedingsjaar, month of booking,
    relatie and SiSa category: the figures of the trial balance, the account list, the year table of
    a rekeningkaart, the SiSa page's groups and the balances per relatie without reading the lines
    (docs/grootboek.md, *Performance*). Written only by `tel_op` in the transaction that inserts the
    lines (a reversal is a new entry, so it adds up too); `grootboek_controle` compares it with a
    fresh aggregate over the lines. `bestedingsjaar` 0 and `relatie_ref` 0 stand for a line without
    one (0, not NULL: the upsert's unique key must match rows without a relatie too)."""

    rekening = models.ForeignKey(Rekening, verbose_name=_("rekening"), on_delete=models.PROTECT, related_name="totalen")
    boekjaar = models.PositiveSmallIntegerField(_("boekjaar"))
    bestedingsjaar = models.PositiveSmallIntegerField(_("bestedingsjaar"), default=0)
    maand = models.PositiveSmallIntegerField(_("maand van de boekdatum"), default=0)
    # core.Organisatie id; a plain id like activiteit_ref on the line (0: no relatie).
    relatie_ref = models.PositiveIntegerField(_("relatie"), default=0)
    sisa_categorie = models.CharField(_("SiSa-categorie"), max_length=20, blank=True, default="")
    debet = BedragField(_("debet"), default=0)
    credit = BedragField(_("credit"), default=0)
    aantal = models.PositiveIntegerField(_("aantal regels"), default=0)

    class Meta:
        verbose_name = _("rekeningtotaal")
        verbose_name_plural = _("rekeningtotalen")
        constraints = [models.UniqueConstraint(fields=SLEUTEL, name="grootboek_rekeningtotaal_sleutel")]

    def __str__(self):
        return f"{self.rekening_id} {self.boekjaar}/{self.bestedingsjaar} {self.maand} {self.relatie_ref}"

    @classmethod
    def tel_op(cls, regels: list[Any]) -> None:
        """Add new lines to the totals, in one INSERT … ON CONFLICT DO UPDATE. The caller holds the
        lock on the Boekjaar row (boek()), so bookings of one gemeente and year never race here."""
        sums: dict[tuple[Any, ...], list[Any]] = {}
        posten: dict[int, tuple[int, int]] = {}
        for regel in regels:
            post_id = regel.journaalpost_id
            if post_id not in posten:
                post = regel.journaalpost
                posten[post_id] = (post.boekjaar, post.boekdatum.month)
            boekjaar, maand = posten[post_id]
            key = (
                regel.rekening_id,
                boekjaar,
                regel.bestedingsjaar or 0,
                maand,
                regel.relatie_id or 0,
                regel.sisa_categorie or "",
            )
            row = sums.setdefault(key, [0, 0, 0])
            row[0] += regel.debet
            row[1] += regel.credit
            row[2] += 1
        if not sums:
            return
        table = connection.ops.quote_name(cls._meta.db_table)
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(sums))
        params: list[Any] = []
        for key in sorted(sums):  # a fixed order: concurrent upserts lock rows in the same order
            params += [*key, *sums[key]]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (rekening_id, boekjaar, bestedingsjaar, maand, relatie_ref, sisa_categorie, "
                f"debet, credit, aantal) VALUES {values} "
                "ON CONFLICT (rekening_id, boekjaar, bestedingsjaar, maand, relatie_ref, sisa_categorie) DO UPDATE SET "
                f"debet = {table}.debet + EXCLUDED.debet, credit = {table}.credit + EXCLUDED.credit, "
                f"aantal = {table}.aantal + EXCLUDED.aantal",
                params,
            )


class ErpExportProfiel(models.Model):
    """How a gemeente's ERP wants the ledger export: which fields, in which order, under which names."""

    class Scheidingsteken(models.TextChoices):
        PUNTKOMMA = ";", _("puntkomma (;)")
        KOMMA = ",", _("komma (,)")
        TAB = "\t", _("tab")

    class Datumformaat(models.TextChoices):
        NL = "%d-%m-%Y", _("dd-mm-jjjj")
        ISO = "%Y-%m-%d", _("jjjj-mm-dd")
        COMPACT = "%Y%m%d", _("jjjjmmdd")

    gemeente = models.OneToOneField(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="erp_export_profiel"
    )
    kolommen = models.JSONField(_("kolommen"), default=list, help_text=_("Geordende lijst van [veld, kolomnaam]."))
    scheidingsteken = models.CharField(
        _("scheidingsteken (CSV)"), max_length=1, choices=Scheidingsteken.choices, default=Scheidingsteken.PUNTKOMMA
    )
    decimaalkomma = models.BooleanField(
        _("decimaalkomma"), default=True, help_text=_("Bedragen in de CSV als 1234,56 in plaats van 1234.56.")
    )
    datumformaat = models.CharField(
        _("datumformaat (CSV)"), max_length=10, choices=Datumformaat.choices, default=Datumformaat.NL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ERP-exportprofiel")
        verbose_name_plural = _("ERP-exportprofielen")

    def __str__(self):
        return gettext("ERP-export %(gemeente)s") % {"gemeente": self.gemeente}
