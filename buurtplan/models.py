"""Buurtplan: the national transformatieplan, its themes and menukaart, the buurten with their
network, the versioned buurtplan with activities, the buurtbegroting and the signatures.

Invariants that need only the row itself live here (check constraints, `clean`, frozen versions);
rules that span rows (network composition, vaststelling preconditions) live in `rules_domain.py`
so that services, views and the compliance panel share them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.access import AccessQuerySet
from core.documents import PrivateDocument
from core.fields import BedragField
from core.frozen import FrozenModel, FrozenQuerySet
from core.models import Organisatie
from core.transitions import allowed, condition

# The regulation period of the SPUK (DESIGN.md §3): budget years must fall inside it.
EERSTE_JAAR = 2024
LAATSTE_JAAR = 2028

FROZEN_MESSAGE = _(
    "Deze versie van het buurtplan is vastgesteld en kan niet meer worden gewijzigd. "
    "Maak een nieuwe versie om iets te veranderen."
)

VASTGESTELD = "vastgesteld"


class PlanQuerySet(FrozenQuerySet, AccessQuerySet):  # type: ignore[override]  # django-stubs: both bases get a generated as_manager()
    """Rows of a plan version: scoped per user, and refused in bulk once the version is vastgesteld."""


class PlanOnderdeel(FrozenModel):
    """Something that belongs to one plan version (`buurtplan`) and freezes with it."""

    frozen_message = FROZEN_MESSAGE
    plan_path = "buurtplan"

    objects = PlanQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a subclass's manager, not an instance variable

    class Meta:
        abstract = True

    @classmethod
    def frozen_q(cls):
        return Q(**{f"{cls.plan_path}__status": VASTGESTELD})

    def frozen_on_insert(self):
        return Buurtplan.objects.filter(pk=self.plan_id_for_freezing(), status=VASTGESTELD).exists()

    def plan_id_for_freezing(self):
        return self.buurtplan_id


# --------------------------------------------------------------------------------------------
# The national plan
# --------------------------------------------------------------------------------------------


class Transformatieplan(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    startjaar = models.PositiveSmallIntegerField(_("startjaar"), default=EERSTE_JAAR)
    eindjaar = models.PositiveSmallIntegerField(_("eindjaar"), default=2027)

    class Meta:
        verbose_name = _("transformatieplan")
        verbose_name_plural = _("transformatieplannen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Thema(models.Model):
    transformatieplan = models.ForeignKey(
        Transformatieplan, verbose_name=_("transformatieplan"), on_delete=models.PROTECT, related_name="themas"
    )
    code = models.SlugField(_("code"), max_length=50)
    naam = models.CharField(_("naam"), max_length=100)
    verplicht = models.BooleanField(
        _("verplicht"), default=False, help_text=_("Verplichte thema's zijn in elk buurtplan van toepassing.")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["transformatieplan", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["transformatieplan", "code"], name="buurtplan_thema_unique_code"),
        ]

    def __str__(self):
        return self.naam


class Interventie(models.Model):
    """An item of the menukaart: a proven intervention a buurt may pick for a theme."""

    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="interventies")
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("interventie (menukaart)")
        verbose_name_plural = _("menukaart")
        ordering = ["thema__volgorde", "naam"]
        constraints = [models.UniqueConstraint(fields=["thema", "naam"], name="buurtplan_interventie_unique")]

    def __str__(self):
        return self.naam


# --------------------------------------------------------------------------------------------
# Buurt and its network
# --------------------------------------------------------------------------------------------

# The six selection criteria of the national plan: (field prefix, label).
CRITERIA = [
    ("crit_professionals", _("Enthousiaste eerstelijnsprofessionals")),
    ("crit_burgers", _("Betrokken burgers")),
    ("crit_samenwerking", _("Goede samenwerking in de keten")),
    ("crit_marktaandeel", _("Meer dan 50% marktaandeel van de alliantie in de wijkverpleging")),
    ("crit_case_for_change", _("Duidelijke ‘case for change’")),
    ("crit_executiekracht", _("Executiekracht in het buurtnetwerk")),
]


class Buurt(models.Model):
    class Cohort(models.IntegerChoices):
        EEN = 1, _("Cohort 1")
        TWEE = 2, _("Cohort 2")
        DRIE = 3, _("Cohort 3")

    transformatieplan = models.ForeignKey(
        Transformatieplan, verbose_name=_("transformatieplan"), on_delete=models.PROTECT, related_name="buurten"
    )
    naam = models.CharField(_("naam"), max_length=200)
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="buurten",
        limit_choices_to={"soort": Organisatie.Soort.GEMEENTE},
    )
    regio = models.CharField(_("regio / plaats"), max_length=100, blank=True)
    # Several care providers may form the alliance of one buurt (Lochem–Bronckhorst: Sensire and
    # Buurtzorg); each of them sees the buurt as its alliance partner.
    alliantiepartners = models.ManyToManyField(
        Organisatie,
        verbose_name=_("alliantiepartners"),
        related_name="alliantiebuurten",
        limit_choices_to={"soort": Organisatie.Soort.ZORGAANBIEDER},
        help_text=_("De zorgaanbieder(s) (wijkverpleging) die de buurt aandragen."),
    )
    # Every organisation that works in the buurt (executes activities, receives budget); maintained on
    # the beheer page of partner organisations. Organisation choices of the buurt are limited to these.
    partners = models.ManyToManyField(
        Organisatie,
        verbose_name=_("partnerorganisaties"),
        related_name="werkbuurten",
        blank=True,
        limit_choices_to=~Q(soort=Organisatie.Soort.GEMEENTE),
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"), choices=Cohort.choices, default=Cohort.EEN)
    inwoners = models.PositiveIntegerField(_("aantal inwoners"), null=True, blank=True)
    marktaandeel = models.DecimalField(
        _("marktaandeel alliantie in de wijkverpleging (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)

    crit_professionals = models.BooleanField(CRITERIA[0][1], default=False)
    crit_professionals_toelichting = models.TextField(_("toelichting"), blank=True)
    crit_burgers = models.BooleanField(CRITERIA[1][1], default=False)
    crit_burgers_toelichting = models.TextField(_("toelichting"), blank=True)
    crit_samenwerking = models.BooleanField(CRITERIA[2][1], default=False)
    crit_samenwerking_toelichting = models.TextField(_("toelichting"), blank=True)
    crit_marktaandeel = models.BooleanField(CRITERIA[3][1], default=False)
    crit_marktaandeel_toelichting = models.TextField(_("toelichting"), blank=True)
    crit_case_for_change = models.BooleanField(CRITERIA[4][1], default=False)
    crit_case_for_change_toelichting = models.TextField(_("toelichting"), blank=True)
    crit_executiekracht = models.BooleanField(CRITERIA[5][1], default=False)
    crit_executiekracht_toelichting = models.TextField(_("toelichting"), blank=True)

    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="buurtplan_buurt_unique_naam_per_gemeente"),
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("buurtplan:buurt_detail", args=[self.pk])

    @property
    def alliantie(self) -> str:
        """The alliance partners by name ("Sensire, Buurtzorg"); uses the prefetch cache when present."""
        return ", ".join(sorted(org.naam for org in self.alliantiepartners.all()))

    def criteria(self):
        """[(label, voldaan, toelichting)] for the six selection criteria."""
        return [(label, getattr(self, prefix), getattr(self, f"{prefix}_toelichting")) for prefix, label in CRITERIA]

    def versies(self):
        """All plan versions, newest first (uses the prefetch cache when present)."""
        return sorted(self.buurtplannen.all(), key=lambda plan: plan.versie, reverse=True)

    def laatste_versie(self):
        versies = self.versies()
        return versies[0] if versies else None

    def vastgestelde_versie(self):
        """The newest vastgesteld version (the one in force), or None."""
        for plan in self.versies():
            if plan.status == Buurtplan.Status.VASTGESTELD:
                return plan
        return None

    @property
    def status_label(self):
        laatste = self.laatste_versie()
        if laatste is None:
            return _("Geen buurtplan")
        if laatste.status == Buurtplan.Status.VASTGESTELD:
            return _("Vastgesteld (versie %(versie)s)") % {"versie": laatste.versie}
        try:
            begroting = laatste.begroting.get_status_display().lower()
        except Buurtbegroting.DoesNotExist:
            begroting = _("geen begroting")
        params = {"versie": laatste.versie, "begroting": begroting}
        if self.vastgestelde_versie() is not None:
            return _("Wijziging in concept (versie %(versie)s), begroting %(begroting)s") % params
        return _("Concept (versie %(versie)s), begroting %(begroting)s") % params


class Netwerklid(models.Model):
    class Discipline(models.TextChoices):
        WIJKVERPLEEGKUNDIGE = "wijkverpleegkundige", _("Wijkverpleegkundige")
        HUISARTS = "huisarts", _("Huisartsenpraktijk")
        SOCIAAL_DOMEIN = "sociaal_domein", _("Sociaal domein")
        GEMEENTE = "gemeente", _("Gemeente")
        BEWONER = "bewoner", _("Bewoner")
        PROJECTCOORDINATOR = "projectcoordinator", _("Projectcoördinator")
        ANDERS = "anders", _("Anders")

    buurt = models.ForeignKey(Buurt, verbose_name=_("buurt"), on_delete=models.CASCADE, related_name="netwerkleden")
    naam = models.CharField(_("naam"), max_length=200)
    discipline = models.CharField(_("rol in het netwerk"), max_length=30, choices=Discipline.choices)
    kartrekker = models.BooleanField(_("kartrekker"), default=False)
    organisatie_naam = models.CharField(_("organisatie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)

    class Meta:
        verbose_name = _("lid van het buurtnetwerk")
        verbose_name_plural = _("buurtnetwerk")
        ordering = ["-kartrekker", "naam"]

    def __str__(self):
        return f"{self.naam} ({self.get_discipline_display()})"

    @property
    def gemeente_id(self):
        return self.buurt.gemeente_id


# --------------------------------------------------------------------------------------------
# The buurtplan (versioned) with themes and activities
# --------------------------------------------------------------------------------------------


class Buurtplan(FrozenModel):
    """One version of the plan of a buurt. A vastgesteld version is frozen, with everything in it."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = VASTGESTELD, _("Vastgesteld")

    frozen_message = FROZEN_MESSAGE

    buurt = models.ForeignKey(Buurt, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="buurtplannen")
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    samenvatting = models.TextField(_("samenvatting / buurtbeeld"), blank=True)
    wijzigingsreden = models.TextField(_("reden van de wijziging"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PlanQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a subclass's manager, not an instance variable

    class Meta:
        verbose_name = _("buurtplan")
        verbose_name_plural = _("buurtplannen")
        ordering = ["buurt", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["buurt", "versie"], name="buurtplan_unique_versie"),
        ]

    def __str__(self):
        return _("Buurtplan %(buurt)s, versie %(versie)s") % {"buurt": self.buurt, "versie": self.versie}

    def get_absolute_url(self):
        return reverse("buurtplan:buurt_plan", args=[self.buurt_id]) + f"?versie={self.versie}"

    @property
    def gemeente_id(self):
        return self.buurt.gemeente_id

    @property
    def is_vastgesteld(self):
        return self.status == self.Status.VASTGESTELD

    @classmethod
    def frozen_q(cls):
        # The stored row decides, so the transition into vastgesteld itself can still save once.
        return Q(status=VASTGESTELD)

    @transition(
        field=status,
        source=Status.CONCEPT,
        target=Status.VASTGESTELD,
        permission=allowed("buurtplan.change_buurt"),
        custom={"label": _("Vaststellen")},
    )
    def vaststellen(self):
        """The preconditions span several tables and are reported all at once by services.stel_vast."""


class PlanThema(PlanOnderdeel):
    """Per version and theme: van toepassing, or a written reason why not."""

    buurtplan = models.ForeignKey(
        Buurtplan, verbose_name=_("buurtplan"), on_delete=models.CASCADE, related_name="planthemas"
    )
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+")
    van_toepassing = models.BooleanField(_("van toepassing"), default=True)
    reden = models.TextField(_("reden waarom niet van toepassing"), blank=True)

    class Meta:
        verbose_name = _("thema in het buurtplan")
        verbose_name_plural = _("thema's in het buurtplan")
        ordering = ["buurtplan", "thema__volgorde"]
        constraints = [models.UniqueConstraint(fields=["buurtplan", "thema"], name="buurtplan_planthema_unique")]

    def __str__(self):
        return f"{self.thema} ({'van toepassing' if self.van_toepassing else 'niet van toepassing'})"

    def clean(self):
        if not self.van_toepassing:
            if self.thema.verplicht:
                raise ValidationError(
                    _("Het thema ‘%(thema)s’ is verplicht voor elke buurt en is dus altijd van toepassing."),
                    params={"thema": self.thema.naam},
                )
            if not self.reden.strip():
                raise ValidationError(
                    {
                        "reden": _("Schrijf op waarom het thema ‘%(thema)s’ niet van toepassing is.")
                        % {"thema": self.thema.naam}
                    }
                )


class Activiteit(PlanOnderdeel):
    buurtplan = models.ForeignKey(
        Buurtplan, verbose_name=_("buurtplan"), on_delete=models.CASCADE, related_name="activiteiten"
    )
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+")
    interventie = models.ForeignKey(
        Interventie,
        verbose_name=_("interventie uit de menukaart"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    uitvoerende_partner = models.ForeignKey(
        Organisatie,
        verbose_name=_("uitvoerende partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buurtactiviteiten",
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["buurtplan", "thema__volgorde", "volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["buurtplan", "naam"], name="buurtplan_activiteit_unique_naam")]

    def __str__(self):
        return self.naam

    @property
    def gemeente_id(self):
        return self.buurtplan.buurt.gemeente_id

    def clean(self):
        if self.interventie_id and self.thema_id and self.interventie.thema_id != self.thema_id:
            raise ValidationError(
                {
                    "interventie": _(
                        "Deze interventie hoort bij een ander thema. Kies een interventie van ‘%(thema)s’."
                    )
                    % {"thema": self.thema.naam}
                }
            )


# --------------------------------------------------------------------------------------------
# Buurtbegroting
# --------------------------------------------------------------------------------------------


@condition(FROZEN_MESSAGE)
def plan_in_concept(begroting):
    return not begroting.buurtplan.is_vastgesteld


@condition(_("De begroting heeft nog geen regels. Voeg regels toe voordat u haar indient."))
def heeft_regels(begroting):
    return begroting.regels.exists()


@condition(_("Schrijf de opmerkingen van de begrotingscommissie op als u de begroting terugstuurt."))
def heeft_opmerkingen(begroting):
    return bool((begroting.opmerkingen or "").strip())


class Buurtbegroting(PlanOnderdeel):
    """The budget of one plan version, reviewed by the begrotingscommissie."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        INGEDIEND = "ingediend", _("Ingediend bij de begrotingscommissie")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")

    buurtplan = models.OneToOneField(
        Buurtplan, verbose_name=_("buurtplan"), on_delete=models.CASCADE, related_name="begroting"
    )
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    beoordeeld_op = models.DateField(_("datum besluit begrotingscommissie"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besluit vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opmerkingen = models.TextField(_("opmerkingen van de begrotingscommissie"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buurtbegroting")
        verbose_name_plural = _("buurtbegrotingen")

    def __str__(self):
        return _("Buurtbegroting %(buurt)s, versie %(versie)s") % {
            "buurt": self.buurtplan.buurt,
            "versie": self.buurtplan.versie,
        }

    @property
    def gemeente_id(self):
        return self.buurtplan.buurt.gemeente_id

    @property
    def is_bewerkbaar(self):
        return self.status in (self.Status.CONCEPT, self.Status.TERUGGESTUURD) and not self.buurtplan.is_vastgesteld

    @transition(
        field=status,
        source=[Status.CONCEPT, Status.TERUGGESTUURD],
        target=Status.INGEDIEND,
        permission=allowed("buurtplan.change_buurt"),
        conditions=[plan_in_concept, heeft_regels],
        custom={"label": _("Indienen bij de begrotingscommissie")},
    )
    def indienen(self):
        pass

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.GOEDGEKEURD,
        permission=allowed("buurtplan.beoordeel_begroting"),
        conditions=[plan_in_concept],
        custom={"label": _("Goedkeuren")},
    )
    def goedkeuren(self):
        pass

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.TERUGGESTUURD,
        permission=allowed("buurtplan.beoordeel_begroting"),
        conditions=[plan_in_concept, heeft_opmerkingen],
        custom={"label": _("Terugsturen")},
    )
    def terugsturen(self):
        pass

    @transition(
        field=status,
        source=[Status.INGEDIEND, Status.GOEDGEKEURD],
        target=Status.CONCEPT,
        permission=allowed("buurtplan.change_buurt"),
        conditions=[plan_in_concept],
        custom={"label": _("Heropenen")},
    )
    def heropenen(self):
        pass


class Begrotingsregel(PlanOnderdeel):
    """One budget line: activity × year × domain × funding × receiving partner × amount.

    Declarations are made against a line, so a line keeps its id for its whole life; a new plan
    version copies lines and points back to the line it copied (`vorige_regel`).
    """

    class Domein(models.TextChoices):
        SOCIAAL_DOMEIN = "sociaal_domein", _("Sociaal domein")
        ZORG = "zorg", _("Zorg")

    class Financiering(models.TextChoices):
        SPUK = "spuk", _("SPUK")
        ZVW = "zvw", _("Zvw")
        OVERIG = "overig", _("Overig")

    begroting = models.ForeignKey(
        Buurtbegroting, verbose_name=_("begroting"), on_delete=models.CASCADE, related_name="regels"
    )
    activiteit = models.ForeignKey(
        Activiteit, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="begrotingsregels"
    )
    jaar = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(EERSTE_JAAR), MaxValueValidator(LAATSTE_JAAR)]
    )
    domein = models.CharField(_("domein"), max_length=20, choices=Domein.choices)
    financiering = models.CharField(_("financiering"), max_length=10, choices=Financiering.choices)
    ontvangende_partner = models.ForeignKey(
        Organisatie, verbose_name=_("ontvangende partner"), on_delete=models.PROTECT, related_name="begrotingsregels"
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    bedrag = BedragField(_("bedrag"), validators=[MinValueValidator(0)])
    vorige_regel = models.ForeignKey(
        "self",
        verbose_name=_("regel in de vorige versie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volgende_regels",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["begroting", "jaar", "activiteit__thema__volgorde", "activiteit__naam", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(bedrag__gte=0), name="buurtplan_regel_bedrag_niet_negatief"),
            models.CheckConstraint(
                condition=models.Q(jaar__gte=EERSTE_JAAR) & models.Q(jaar__lte=LAATSTE_JAAR),
                name="buurtplan_regel_jaar_in_looptijd",
            ),
        ]
        indexes = [models.Index(fields=["begroting", "financiering", "domein", "jaar"])]

    plan_path = "begroting__buurtplan"

    def plan_id_for_freezing(self):
        return self.begroting.buurtplan_id if self.begroting_id else None

    def __str__(self):
        return f"{self.buurt} {self.jaar} – {self.activiteit} – {self.ontvangende_partner} ({self.get_financiering_display()}, {self.get_domein_display()})"

    @property
    def buurtplan(self):
        return self.begroting.buurtplan

    @property
    def buurt(self):
        return self.begroting.buurtplan.buurt

    @property
    def gemeente_id(self):
        return self.begroting.buurtplan.buurt.gemeente_id

    @property
    def partner_id(self):
        """For core.rules.of_own_organisatie: the organisation that receives the money."""
        return self.ontvangende_partner_id

    def clean(self):
        if self.activiteit_id and self.begroting_id and self.activiteit.buurtplan_id != self.begroting.buurtplan_id:
            raise ValidationError({"activiteit": _("Kies een activiteit uit deze versie van het buurtplan.")})
        if self.financiering == self.Financiering.SPUK and self.domein and self.domein != self.Domein.SOCIAAL_DOMEIN:
            raise ValidationError(
                {
                    "domein": _(
                        "SPUK-middelen zijn alleen voor het sociaal domein. Kies ‘Sociaal domein’ of een andere financiering."
                    )
                }
            )


# --------------------------------------------------------------------------------------------
# Signatures
# --------------------------------------------------------------------------------------------


class Ondertekening(PlanOnderdeel, PrivateDocument):
    class Soort(models.TextChoices):
        BUURTPLAN = "buurtplan", _("Buurtplan")
        BUURTBEGROTING = "buurtbegroting", _("Buurtbegroting")
        COMMITMENTVERKLARING = "commitmentverklaring", _("Commitmentverklaring")
        INTENTIEVERKLARING = "intentieverklaring", _("Intentieverklaring")
        OVEREENKOMST = "overeenkomst", _("Overeenkomst transformatieplan")

    buurtplan = models.ForeignKey(
        Buurtplan, verbose_name=_("buurtplan"), on_delete=models.CASCADE, related_name="ondertekeningen"
    )
    soort = models.CharField(_("soort document"), max_length=30, choices=Soort.choices)
    ondertekenaar = models.CharField(_("naam ondertekenaar"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie (geregistreerd)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisatie_naam = models.CharField(
        _("organisatie"),
        max_length=200,
        blank=True,
        help_text=_(
            "Voor ondertekenaars van een organisatie die niet in SPUK-beheer staat, zoals een huisartsenpraktijk."
        ),
    )
    functie = models.CharField(_("functie"), max_length=200)
    getekend_op = models.DateField(_("datum ondertekening"))

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        ordering = ["buurtplan", "soort", "getekend_op", "pk"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.ondertekenaar} ({self.organisatie_label})"

    @property
    def organisatie_label(self):
        return self.organisatie.naam if self.organisatie_id else self.organisatie_naam

    def storage_folder(self):
        return f"buurtplan/ondertekeningen/{self.buurtplan.buurt_id}"

    @property
    def gemeente_id(self):
        return self.buurtplan.buurt.gemeente_id

    def clean(self):
        if not self.organisatie_id and not self.organisatie_naam.strip():
            raise ValidationError({"organisatie_naam": _("Vul de organisatie van de ondertekenaar in.")})
