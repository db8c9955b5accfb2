from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from . import roles
from .access import AccessQuerySet
from .frozen import FrozenModel, FrozenQuerySet
from .transitions import allowed


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
        SOCIAAL_DOMEINPARTNER = "sociaal_domeinpartner", _("Sociaal-domeinpartner")
        ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Een CBS-gemeentecode bestaat uit vier cijfers."))],
        help_text=_("Alleen voor gemeenten, bijvoorbeeld 0301 voor Zutphen."),
    )
    kvk_nummer = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit acht cijfers."))],
    )
    vestigingsnummer = models.CharField(
        _("vestigingsnummer"),
        max_length=12,
        blank=True,
        help_text=_("Ingevuld: bij inloggen via eHerkenning moet de makelaar dit vestigingsnummer meesturen."),
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="unique_cbs_code"),
            models.UniqueConstraint(
                fields=["kvk_nummer"], condition=~models.Q(kvk_nummer=""), name="unique_kvk_nummer"
            ),
            models.CheckConstraint(
                condition=models.Q(soort="gemeente") | models.Q(cbs_code=""),
                name="cbs_code_only_for_gemeente",
            ),
        ]

    def __str__(self):
        return self.naam

    def validate_constraints(self, exclude=None):
        """A CBS code or KvK-nummer that is taken names the organisation that has it (not the constraint)."""
        errors = {}
        taken = {
            "cbs_code": _("CBS-gemeentecode %(code)s is al in gebruik bij %(organisatie)s."),
            "kvk_nummer": _("KvK-nummer %(code)s is al in gebruik bij %(organisatie)s."),
        }
        for field, message in taken.items():
            value = getattr(self, field)
            if not value or (exclude and field in exclude):
                continue
            bestaand = Organisatie.objects.filter(**{field: value}).exclude(pk=self.pk).first()
            if bestaand is not None:
                errors[field] = [
                    ValidationError(message, code="unique", params={"code": value, "organisatie": bestaand.naam})
                ]
                exclude = {*(exclude or ()), field}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @property
    def is_gemeente(self):
        return self.soort == self.Soort.GEMEENTE


class GemeenteManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(soort=Organisatie.Soort.GEMEENTE)


class Gemeente(Organisatie):
    """Proxy for the organisations that are gemeenten, for FKs and forms that want only those."""

    objects = GemeenteManager()

    class Meta:
        proxy = True
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")


def huisstijl_upload_to(instance, filename):
    return f"huisstijl/{instance.gemeente_id}/{filename}"


class Huisstijl(models.Model):
    """A gemeente's own look: its logo on every page and PDF, its primary colour in the theme.

    One row per gemeente, maintained on its beheer pages; without a row the neutral house style is used.
    """

    gemeente = models.OneToOneField(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="huisstijl"
    )
    logo = models.FileField(_("logo"), upload_to=huisstijl_upload_to, blank=True)
    primaire_kleur = models.CharField(
        _("primaire kleur"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Geef een kleur als #rrggbb, bijvoorbeeld #00598a."))],
        help_text=_("Hexadecimale kleurcode, bijvoorbeeld #00598a."),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("huisstijl")
        verbose_name_plural = _("huisstijlen")

    def __str__(self):
        return str(self.gemeente)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def with_access(self):
        """Users with their role names and gemeente ids in the same query (PostgreSQL), for the
        user every request loads: each page asked for them in two queries of their own, and under
        load every database round trip of a page waits its turn for a core (issue 15)."""
        queryset = self.get_queryset()
        if connections[queryset.db].vendor != "postgresql":
            return queryset
        from django.contrib.auth.models import Group
        from django.contrib.postgres.expressions import ArraySubquery

        return queryset.annotate(
            _access_roles=ArraySubquery(Group.objects.filter(user=OuterRef("pk")).order_by().values("name")),
            _access_gemeenten=ArraySubquery(
                self.model.gemeenten.through.objects.filter(user=OuterRef("pk")).order_by().values("organisatie_id")
            ),
        )


class User(AbstractUser):
    """A person who logs in with an e-mail address.

    `organisatie` is where the person works (a gemeente or a partner); `gemeenten` are the
    gemeenten whose data a staff member may see (a penvoerder often works for a region).
    """

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medewerkers",
    )
    gemeenten = models.ManyToManyField(
        Organisatie,
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="staf",
        limit_choices_to={"soort": Organisatie.Soort.GEMEENTE},
    )
    functie = models.CharField(_("functie"), max_length=100, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:beheer_gebruiker", args=[self.pk])

    @cached_property
    def role_names(self):
        loaded = getattr(self, "_access_roles", None)  # UserManager.with_access()
        if loaded is not None:
            return frozenset(loaded)
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *names):
        return bool(self.role_names.intersection(names))

    @property
    def is_partner(self):
        return self.has_role(roles.PARTNER)

    @cached_property
    def gemeente_ids(self):
        """Ids of the gemeenten this staff member may see (empty for partners)."""
        if self.is_partner and not self.has_role(*roles.STAFF_ROLES):
            return frozenset()
        loaded = getattr(self, "_access_gemeenten", None)  # UserManager.with_access()
        if loaded is not None:
            return frozenset(loaded)
        return frozenset(self.gemeenten.values_list("id", flat=True))

    @property
    def needs_two_factor(self):
        return settings.OTP_REQUIRED and (self.is_superuser or self.has_role(*settings.OTP_REQUIRED_ROLES))


class GebeurtenisQuerySet(FrozenQuerySet, AccessQuerySet):  # type: ignore[override]  # django-stubs: both bases get a generated as_manager()
    pass


class Gebeurtenis(FrozenModel):
    """The timeline / audit log: who changed what, when, from which status to which, and why.

    Frozen from the moment it is written (model, queryset and, on PostgreSQL, a trigger)."""

    frozen_message = _("Regels van de tijdlijn worden nooit gewijzigd of verwijderd.")

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    onderwerp = GenericForeignKey("content_type", "object_id")
    onderwerp_omschrijving = models.CharField(_("onderwerp"), max_length=300)
    actie = models.CharField(_("actie"), max_length=100)
    van_status = models.CharField(_("van"), max_length=50, blank=True)
    naar_status = models.CharField(_("naar"), max_length=50, blank=True)
    reden = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "tijdstip"])]

    objects = GebeurtenisQuerySet.as_manager()

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.actie} {self.onderwerp_omschrijving}"


class Melding(models.Model):
    """An in-app notification; the same text is also sent by e-mail."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="meldingen",
    )
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    email_gewenst = models.BooleanField(_("ook per e-mail"), default=True)
    email_verstuurd_op = models.DateTimeField(_("e-mail verstuurd op"), null=True, blank=True)
    # A notification that asks for work refers to its object and the statuses in which the work is
    # still open; once the object's status machine leaves them, the notification is resolved
    # (core.services.resolve_meldingen, a receiver of workflow.transitioned).
    onderwerp_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("soort onderwerp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    onderwerp_id = models.CharField(_("onderwerp"), max_length=64, blank=True)
    open_in_statussen = models.JSONField(_("open zolang de status is"), default=list, blank=True)
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(
                fields=["onderwerp_type", "onderwerp_id"],
                condition=models.Q(afgehandeld_op__isnull=True) & ~models.Q(onderwerp_id=""),
                name="core_melding_open_taak",
            ),
            # The unread badge on every page counts only these rows (EXPLAIN in docs/declaraties.md, *Indexes*).
            models.Index(
                fields=["ontvanger"], condition=models.Q(gelezen_op__isnull=True), name="core_melding_ongelezen"
            ),
            # A person's notifications, newest first (the list and the start page): without it the
            # planner walked the date index over every recipient's rows (27 ms at national scale).
            models.Index(fields=["ontvanger", "-aangemaakt_op", "-id"], name="core_melding_postvak"),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("core:melding_openen", args=[self.pk])

    @property
    def is_taak(self):
        return bool(self.open_in_statussen)


def rapport_upload_to(instance, filename):
    return f"rapporten/{instance.aangevraagd_op:%Y/%m}/{instance.pk}-{filename}"


class Rapport(models.Model):
    """A report or export generated in the background (SiSa file, buurtplan PDF, large XLSX)."""

    class Status(models.TextChoices):
        WACHTRIJ = "queued", _("In de wachtrij")
        BEZIG = "running", _("Bezig")
        GEREED = "ready", _("Gereed")
        MISLUKT = "failed", _("Mislukt")

    soort = models.CharField(_("soort"), max_length=50)
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHTRIJ, db_index=True)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    bestand = models.FileField(_("bestand"), upload_to=rapport_upload_to, blank=True)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    foutmelding = models.TextField(_("foutmelding"), blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="rapporten"
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    in_wachtrij_gezet_op = models.DateTimeField(_("aan de broker gegeven op"), null=True, blank=True)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    gereed_op = models.DateTimeField(_("gereed op"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # Written by the running attempt (progress callback and a periodic touch); a heartbeat older than
    # settings.RAPPORT_HARTSLAG_STIL means the attempt died and the sweeper queues the report again.
    hartslag_op = models.DateTimeField(_("laatste teken van leven"), null=True, blank=True)
    # The Celery task id of the attempt that started it: the same id delivered again means that
    # attempt died (the broker redelivers a message only once its consumer is gone).
    taak_id = models.CharField(_("taak-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-aangevraagd_op", "-id"]

    objects = AccessQuerySet.as_manager()

    def __str__(self):
        return f"{self.get_soort_display()} #{self.pk}"

    def get_soort_display(self):
        return self.label or self.soort

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:rapport_detail", args=[self.pk])

    @property
    def is_klaar(self):
        return self.status in (self.Status.GEREED, self.Status.MISLUKT)

    # --- the status machine: run by the generating task (no actor) or a user's retry ------------
    S = Status
    # A report's progress is not an audit event (the request is); keep the timeline for the domain.
    log_transitions = False

    @transition(field=status, source=[S.WACHTRIJ, S.BEZIG, S.MISLUKT], target=S.BEZIG, custom={"label": _("Starten")})
    def start(self):
        """From the queue; again from *bezig* when the previous attempt died (its heartbeat is stale)."""

    @transition(field=status, source=S.BEZIG, target=S.GEREED, custom={"label": _("Gereed melden")})
    def rond_af(self):
        pass

    @transition(field=status, source=[S.WACHTRIJ, S.BEZIG], target=S.MISLUKT, custom={"label": _("Mislukt melden")})
    def mislukt(self):
        pass

    @transition(
        field=status,
        source=S.MISLUKT,
        target=S.WACHTRIJ,
        permission=allowed("core.opnieuw_rapport"),
        custom={"label": _("Opnieuw proberen")},
    )
    def opnieuw(self):
        pass


class Opdracht(models.Model):
    """The outbox: a Celery task recorded in the transaction of the change that causes it.

    `core.dispatch.enqueue` writes the row; after the commit the request makes one short attempt to
    hand it to the broker, and the relay (`manage.py relay_outbox`, and the sweeper task) sends the
    rest. A row handed to the broker is *verstuurd* and is never sent again by the relay."""

    class Status(models.TextChoices):
        WACHTEND = "pending", _("Wacht op de broker")
        VERSTUURD = "sent", _("Aan de broker gegeven")

    taak = models.CharField(_("taak"), max_length=200)
    argumenten = models.JSONField(_("argumenten"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHTEND)
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    taak_id = models.CharField(_("taak-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(status="pending"), name="opdracht_wachtend"),
            models.Index(fields=["taak", "status"], name="opdracht_taak_status"),
        ]

    def __str__(self):
        return f"{self.taak}{tuple(self.argumenten)!r} ({self.get_status_display()})"


class HerinneringRegel(models.Model):
    """A reminder rule: which deadline, how many days before (negative: after), for which role."""

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort deadline"), max_length=50, help_text=_("Welke deadlines deze regel bewaakt."))
    dagen_voor = models.IntegerField(
        _("dagen ervoor"), default=14, help_text=_("Aantal dagen vóór de deadline; negatief voor ná de deadline.")
    )
    rol = models.CharField(_("ontvangende rol"), max_length=20, choices=[(k, v) for k, v in roles.ROLES.items()])
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("herinneringsregel")
        verbose_name_plural = _("herinneringsregels")
        ordering = ["soort", "dagen_voor"]

    def __str__(self):
        return self.naam


class VerstuurdeHerinnering(models.Model):
    """Proof that a rule fired for one object and deadline: the unique key makes it happen once."""

    regel = models.ForeignKey(HerinneringRegel, on_delete=models.PROTECT, related_name="verstuurd")
    sleutel = models.CharField(_("object"), max_length=120)
    deadline = models.DateField(_("deadline"))
    verstuurd_op = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    aantal_ontvangers = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["regel", "sleutel", "deadline"], name="herinnering_eenmaal_per_deadline")
        ]


class RolVerzoek(models.Model):
    """Granting a role that moves money or manages users (financien, beheer) needs a second beheer
    user of the same gemeente: the first one asks, another one confirms or refuses."""

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op bevestiging")
        BEVESTIGD = "bevestigd", _("Bevestigd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="rolverzoeken"
    )
    gemeente = models.ForeignKey(Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    rol = models.CharField(_("rol"), max_length=20, choices=[(k, v) for k, v in roles.ROLES.items()])
    reden = models.TextField(_("reden"))
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolverzoek")
        verbose_name_plural = _("rolverzoeken")
        ordering = ["-aangevraagd_op", "-id"]

    def __str__(self):
        return f"{roles.ROLES.get(self.rol, self.rol)} voor {self.gebruiker}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:beheer_gebruiker", args=[self.gebruiker_id])

    S = Status

    @transition(
        field=status,
        source=S.OPEN,
        target=S.BEVESTIGD,
        permission=allowed("core.beslis_rolverzoek"),
        custom={"label": _("Bevestigen")},
    )
    def bevestig(self):
        pass

    @transition(
        field=status,
        source=S.OPEN,
        target=S.AFGEWEZEN,
        permission=allowed("core.beslis_rolverzoek"),
        custom={"label": _("Afwijzen")},
    )
    def wijs_af(self):
        pass


class IdentityProvider(models.Model):
    """An OpenID Connect provider through which people of one gemeente log in (issue 16).

    Two kinds: `medewerkers` (the gemeente's own IdP, e.g. Entra ID; roles come from a group claim
    through `rol_mapping`) and `partners` (an eHerkenning broker that asserts the KvK number of the
    organisation the person represents; the person gets the partner role for that organisation).
    Maintained by beheer of the gemeente; the client secret is write-only on the pages.
    """

    class Soort(models.TextChoices):
        MEDEWERKERS = "medewerkers", _("Medewerkers van de gemeente")
        PARTNERS = "partners", _("Partners via eHerkenning-makelaar")

    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="identity_providers",
        limit_choices_to={"soort": Organisatie.Soort.GEMEENTE},
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.MEDEWERKERS)
    naam = models.CharField(
        _("naam op de knop"), max_length=100, help_text=_("De knop op de inlogpagina heet 'Inloggen met <naam>'.")
    )
    slug = models.SlugField(_("code in de URL"), unique=True, max_length=50)
    actief = models.BooleanField(_("actief"), default=True)
    alleen_via_provider = models.BooleanField(
        _("wachtwoord uit voor medewerkers"),
        default=False,
        help_text=_(
            "Medewerkers die alleen voor deze gemeente werken, loggen dan alleen via deze provider in; "
            "hun wachtwoord werkt niet meer. Niet voor partnerkoppelingen."
        ),
    )
    issuer = models.URLField(_("issuer"), max_length=500)
    discovery_url = models.URLField(
        _("discovery-URL"),
        max_length=500,
        blank=True,
        help_text=_("Meestal <issuer>/.well-known/openid-configuration. De endpoints worden hieruit opgehaald."),
    )
    authorization_endpoint = models.URLField(_("authorization endpoint"), max_length=500)
    token_endpoint = models.URLField(_("token endpoint"), max_length=500)
    userinfo_endpoint = models.URLField(_("userinfo endpoint"), max_length=500)
    jwks_uri = models.URLField(_("JWKS-URL"), max_length=500)
    end_session_endpoint = models.URLField(_("end-session endpoint"), max_length=500, blank=True)
    client_id = models.CharField(_("client-ID"), max_length=255)
    client_secret = models.CharField(_("client-secret"), max_length=500)
    scopes = models.CharField(_("scopes"), max_length=255, default="openid email profile")
    sign_algo = models.CharField(_("ondertekeningsalgoritme"), max_length=10, default="RS256")
    claim_email = models.CharField(_("claim e-mailadres"), max_length=100, default="email")
    claim_voornaam = models.CharField(_("claim voornaam"), max_length=100, default="given_name", blank=True)
    claim_achternaam = models.CharField(_("claim achternaam"), max_length=100, default="family_name", blank=True)
    claim_groepen = models.CharField(_("claim groepen"), max_length=100, default="groups", blank=True)
    rol_mapping = models.JSONField(
        _("groep → rol"), default=dict, blank=True, help_text=_("Per waarde van de groepenclaim de rol in SPUK-beheer.")
    )
    claim_kvk = models.CharField(_("claim KvK-nummer"), max_length=200, default="kvk", blank=True)
    claim_vestiging = models.CharField(_("claim vestigingsnummer"), max_length=200, blank=True)
    mfa_waarden = models.JSONField(
        _("waarden die tweestapsverificatie bewijzen"),
        default=list,
        blank=True,
        help_text=_("Waarden van de claims acr of amr waarmee de provider zegt dat de tweede stap is gedaan."),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["gemeente__naam", "naam"]

    def __str__(self):
        return f"{self.naam} ({self.gemeente})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:beheer_idp", args=[self.pk])

    @property
    def is_partners(self):
        return self.soort == self.Soort.PARTNERS
