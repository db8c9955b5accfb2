"""Deadline reminders. Apps register deadline sources in their `reminders.py`:

    sources.register("mijlpaal_deadline", _("Deadline mijlpaal"), upcoming)

`upcoming(van, tot, gemeente_id=None)` yields `Deadline`s falling between two dates (inclusive);
with `gemeente_id` only that gemeente's, filtered in SQL (the deadline page asks for one gemeente,
the daily reminder run for all of them). The daily task
sends each rule's reminder once per (rule, object, deadline), however often or in parallel it runs.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import HerinneringRegel, Organisatie, User, VerstuurdeHerinnering
from .registry import autodiscover
from .services import notify


@dataclass(frozen=True)
class Deadline:
    sleutel: str  # stable identity of the object, e.g. "mijlpaal:3:buurt:7"
    deadline: date
    gemeente_id: int
    titel: str
    link: str = ""
    organisatie_id: int | None = None  # for reminders to partners: the organisation concerned
    # What opening `link` asks: the page's permission on that object. The deadline page links only
    # for users who have it (a deadline without `link_perm` links for everyone who sees it).
    link_perm: str = ""
    link_object: Any = None

    def link_voor(self, user) -> str:
        """The link when `user` may open it, else ""."""
        if not self.link or (self.link_perm and not user.has_perm(self.link_perm, self.link_object)):
            return ""
        return self.link


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    upcoming: Callable


class Sources:
    def __init__(self):
        self._sources = {}
        self._discovered = False

    def register(self, key, label, upcoming):
        self._sources[key] = Source(key, label, upcoming)

    def _discover(self):
        if not self._discovered:
            self._discovered = True
            autodiscover("reminders")

    def get(self, key):
        self._discover()
        return self._sources.get(key)

    def all(self):
        self._discover()
        return dict(self._sources)

    def choices(self):
        return [(key, source.label) for key, source in sorted(self.all().items())]


sources = Sources()

SISA_DEADLINE = (7, 15)  # 15 July of year T+1


def sisa_deadlines(van, tot, gemeente_id=None):
    """The SiSa accountability deadline (15 July) for every gemeente, each year."""
    deadlines = []
    gemeenten = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, actief=True).only("pk", "naam")
    if gemeente_id is not None:
        gemeenten = gemeenten.filter(pk=gemeente_id)
    for year in range(van.year, tot.year + 1):
        moment = date(year, *SISA_DEADLINE)
        if van <= moment <= tot:
            for gemeente in gemeenten:
                deadlines.append(
                    Deadline(
                        sleutel=f"sisa:{gemeente.pk}:{year}",
                        deadline=moment,
                        gemeente_id=gemeente.pk,
                        titel=str(_("SiSa-verantwoording %(jaar)s indienen bij het Rijk")) % {"jaar": year - 1},
                    )
                )
    return deadlines


sources.register("sisa_deadline", _("SiSa-deadline (15 juli)"), sisa_deadlines)


def recipients_for(rule, item):
    """Staff roles: that role in the gemeente. The partner role: the partner organisation's users."""
    users = User.objects.filter(is_active=True, groups__name=rule.rol)
    if rule.rol == roles.PARTNER:
        if item.organisatie_id is None:
            return User.objects.none()
        return users.filter(organisatie_id=item.organisatie_id).distinct()
    return users.filter(gemeenten=item.gemeente_id).distinct()


def send_due_reminders(vandaag=None):
    """Send every reminder that is due today or overdue-but-unsent. Returns how many were sent."""
    vandaag = vandaag or date.today()
    sent = 0
    for rule in HerinneringRegel.objects.filter(actief=True):
        source = sources.get(rule.soort)
        if source is None:
            continue
        # Fire from `dagen_voor` days before the deadline; catch up for a week if the beat was down.
        eerste = vandaag + timedelta(days=rule.dagen_voor) - timedelta(days=7)
        laatste = vandaag + timedelta(days=rule.dagen_voor)
        for item in source.upcoming(eerste, laatste):
            try:
                with transaction.atomic():
                    record = VerstuurdeHerinnering.objects.create(
                        regel=rule, sleutel=item.sleutel, deadline=item.deadline
                    )
                    users = list(recipients_for(rule, item))
                    notify(
                        users,
                        str(item.titel),
                        str(_("Deadline: %(datum)s (%(regel)s)."))
                        % {"datum": item.deadline.strftime("%d-%m-%Y"), "regel": rule.naam},
                        item.link,
                    )
                    record.aantal_ontvangers = len(users)
                    record.save(update_fields=["aantal_ontvangers"])
                    sent += 1
            except IntegrityError:
                continue  # another run already sent this one
    return sent


def calendar(gemeente_id, vandaag=None, dagen=366):
    """Upcoming deadlines of one gemeente from every source, soonest first. Each source filters on
    the gemeente in its own query: reading the whole country to keep one gemeente cost 356 ms at
    national scale (issue 15)."""
    vandaag = vandaag or date.today()
    items = []
    for source in sources.all().values():
        for item in source.upcoming(vandaag, vandaag + timedelta(days=dagen), gemeente_id=gemeente_id):
            if item.gemeente_id == gemeente_id:
                items.append((item, source))
    return sorted(items, key=lambda pair: (pair[0].deadline, str(pair[0].titel)))
