"""Who hears about a declaration's status change: receivers of `core.workflow.transitioned`,
connected in `DeclaratiesConfig.ready`. They run inside the service's transaction; `notify` sends
the e-mails only once it commits."""

from django.utils.translation import gettext as _

from core.money import format_bedrag
from core.services import notify
from core.workflow import transitioned

from . import queries
from .models import Declaratie


def meld_partner(declaratie, van, reden=""):
    """Tell the partner's users, in the partner's plainer statuses, what changed and why."""
    d = declaratie
    titel = _("Declaratie %(nr)s: %(status)s") % {"nr": d.nummer or d.pk, "status": d.partner_status}
    tekst = _("De status van uw declaratie %(nr)s (%(b)s) is gewijzigd van ‘%(van)s’ naar ‘%(naar)s’.") % {
        "nr": d.nummer,
        "b": format_bedrag(d.bedrag),
        "van": Declaratie.PARTNER_LABELS.get(van, van),
        "naar": d.partner_status,
    }
    if reden:
        tekst += "\n\n" + _("Toelichting: %(r)s") % {"r": reden}
    notify(queries.partner_gebruikers(d.partner_id), titel, tekst, d.get_absolute_url())


def meld_financien_ingediend(declaratie):
    d = declaratie
    notify(
        queries.financien_van(d.gemeente_id),
        _("Declaratie %(nr)s ingediend door %(p)s") % {"nr": d.nummer, "p": d.partner},
        _(
            "%(p)s heeft declaratie %(nr)s van %(b)s ingediend voor %(buurt)s. Beoordeel de declaratie in de werkvoorraad."
        )
        % {"p": d.partner, "nr": d.nummer, "b": format_bedrag(d.bedrag), "buurt": d.buurt},
        d.get_absolute_url(),
        onderwerp=d,
        open_in=(Declaratie.Status.INGEDIEND, Declaratie.Status.OPNIEUW_INGEDIEND),
    )


def meld_tweede_goedkeuring_nodig(declaratie, actor):
    d = declaratie
    notify(
        queries.financien_van(d.gemeente_id).exclude(pk=actor.pk),
        _("Tweede goedkeuring nodig: declaratie %(nr)s") % {"nr": d.nummer},
        _("%(wie)s heeft declaratie %(nr)s (%(b)s) goedgekeurd. Voor dit bedrag is een tweede goedkeuring nodig.")
        % {"wie": actor, "nr": d.nummer, "b": format_bedrag(d.bedrag)},
        d.get_absolute_url(),
        onderwerp=d,
        open_in=(Declaratie.Status.GOEDGEKEURD,),
    )


def meld_bericht(bericht):
    """A message on the thread goes to the other side: the partner's users when finance writes;
    when the partner writes, the finance officer who took the declaration on, else all of finance."""
    d = bericht.declaratie
    if bericht.van_partner:
        if d.in_behandeling_bij_id:
            ontvangers = [d.in_behandeling_bij]
        else:
            ontvangers = list(queries.financien_van(d.gemeente_id))
        titel = _("Bericht van %(p)s over declaratie %(nr)s") % {"p": d.partner, "nr": d.nummer}
    else:
        ontvangers = list(queries.partner_gebruikers(d.partner_id))
        titel = _("Financiën stelt een vraag over declaratie %(nr)s") % {"nr": d.nummer}
    tekst = _("%(wie)s schreef:") % {"wie": bericht.auteur} + "\n\n" + bericht.tekst
    notify([u for u in ontvangers if u.pk != bericht.auteur_id], titel, tekst, bericht.get_absolute_url())


def on_transition(sender, instance, actor, name, source, target, reden="", **kwargs):
    if name in ("indienen", "opnieuw_indienen"):
        meld_financien_ingediend(instance)
        meld_partner(instance, source)
    elif name == "eerste_goedkeuring":
        meld_tweede_goedkeuring_nodig(instance, actor)
        meld_partner(instance, source)
    elif name in ("wijziging_vragen", "afwijzen"):
        meld_partner(instance, source, reden=reden)
    else:
        meld_partner(instance, source)


def connect():
    transitioned.connect(on_transition, sender=Declaratie, dispatch_uid="declaraties.notifications")
