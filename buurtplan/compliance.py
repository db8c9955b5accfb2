"""Rules that span several rows: network composition, themes, budget and signatures.

Pure functions over (prefetched) model instances; they return Dutch messages that say what to do.
`vaststelling_blokkades(buurtplan)` decides whether a version may be set vastgesteld;
`compliance(buurt)` adds the selection criteria for the compliance panel.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import CRITERIA, Buurtbegroting, Buurtplan, Netwerklid, Ondertekening

MIN_LEDEN = 4
MAX_LEDEN = 6
AANTAL_KARTREKKERS = 2


def netwerk_overtredingen(leden):
    """Messages for a buurtnetwerk (an iterable of Netwerklid) that breaks the rules."""
    leden = list(leden)
    berichten = []
    if len(leden) < MIN_LEDEN:
        berichten.append(
            ngettext(
                "Het buurtnetwerk heeft %(n)s lid; het moeten er minstens %(min)s zijn. Voeg leden toe.",
                "Het buurtnetwerk heeft %(n)s leden; het moeten er minstens %(min)s zijn. Voeg leden toe.",
                len(leden),
            )
            % {"n": len(leden), "min": MIN_LEDEN}
        )
    elif len(leden) > MAX_LEDEN:
        berichten.append(
            _("Het buurtnetwerk heeft %(n)s leden; het mogen er hoogstens %(max)s zijn. Verwijder leden.")
            % {"n": len(leden), "max": MAX_LEDEN}
        )
    kartrekkers = [lid for lid in leden if lid.kartrekker]
    if len(kartrekkers) != AANTAL_KARTREKKERS:
        berichten.append(
            ngettext(
                "Het buurtnetwerk heeft %(n)s kartrekker; het moeten er precies twee zijn.",
                "Het buurtnetwerk heeft %(n)s kartrekkers; het moeten er precies twee zijn.",
                len(kartrekkers),
            )
            % {"n": len(kartrekkers)}
        )
    if not any(lid.discipline == Netwerklid.Discipline.WIJKVERPLEEGKUNDIGE for lid in kartrekkers):
        berichten.append(_("Minstens één kartrekker moet wijkverpleegkundige zijn."))
    return berichten


def thema_overtredingen(buurtplan, themas):
    """Messages for themes of a plan version: mandatory themes, reasons, undecided themes."""
    berichten = []
    keuzes = {pt.thema_id: pt for pt in buurtplan.planthemas.all()}
    for thema in sorted(themas, key=lambda t: t.volgorde):
        keuze = keuzes.get(thema.pk)
        if keuze is None:
            if thema.verplicht:
                berichten.append(
                    _("Het verplichte thema ‘%(thema)s’ ontbreekt in het buurtplan.") % {"thema": thema.naam}
                )
            else:
                berichten.append(
                    _("Geef bij het thema ‘%(thema)s’ aan of het van toepassing is.") % {"thema": thema.naam}
                )
        elif not keuze.van_toepassing:
            if thema.verplicht:
                berichten.append(
                    _("Het thema ‘%(thema)s’ is verplicht en moet van toepassing zijn.") % {"thema": thema.naam}
                )
            elif not keuze.reden.strip():
                berichten.append(
                    _("Schrijf op waarom het thema ‘%(thema)s’ niet van toepassing is.") % {"thema": thema.naam}
                )
    return berichten


def ontbrekende_ondertekeningen(buurtplan):
    """Messages for the signatures a version still needs.

    Local stakeholders sign the buurtplan and the buurtbegroting; the gemeente signs a commitment- or
    intentieverklaring and the overeenkomst transformatieplan.
    """
    handtekeningen = list(buurtplan.ondertekeningen.all())
    gemeente_id = buurtplan.buurt.gemeente_id
    soorten = {o.soort for o in handtekeningen}
    door_gemeente = {o.soort for o in handtekeningen if o.organisatie_id == gemeente_id}
    berichten = []
    if Ondertekening.Soort.BUURTPLAN not in soorten:
        berichten.append(_("Het buurtplan is nog door niemand ondertekend. Voeg de ondertekening toe."))
    if Ondertekening.Soort.BUURTBEGROTING not in soorten:
        berichten.append(_("De buurtbegroting is nog door niemand ondertekend. Voeg de ondertekening toe."))
    if not door_gemeente & {Ondertekening.Soort.COMMITMENTVERKLARING, Ondertekening.Soort.INTENTIEVERKLARING}:
        berichten.append(_("De commitment- of intentieverklaring, ondertekend door de gemeente, ontbreekt."))
    if Ondertekening.Soort.OVEREENKOMST not in door_gemeente:
        berichten.append(_("De overeenkomst transformatieplan, ondertekend door de gemeente, ontbreekt."))
    return berichten


def begroting_overtredingen(buurtplan):
    try:
        begroting = buurtplan.begroting
    except Buurtbegroting.DoesNotExist:
        return [_("Er is nog geen buurtbegroting.")]
    if begroting.status != Buurtbegroting.Status.GOEDGEKEURD:
        return [
            _("De buurtbegroting is nog niet goedgekeurd door de begrotingscommissie (status: %(status)s).")
            % {"status": begroting.get_status_display().lower()}
        ]
    return []


def vaststelling_blokkades(buurtplan):
    """Everything that stops this version from being set vastgesteld (empty list: it may)."""
    buurt = buurtplan.buurt
    berichten = []
    if buurtplan.status == Buurtplan.Status.VASTGESTELD:
        berichten.append(_("Deze versie is al vastgesteld."))
    berichten += netwerk_overtredingen(buurt.netwerkleden.all())
    berichten += thema_overtredingen(buurtplan, buurt.transformatieplan.themas.all())
    berichten += begroting_overtredingen(buurtplan)
    berichten += ontbrekende_ondertekeningen(buurtplan)
    return berichten


def criteria_overtredingen(buurt):
    berichten = []
    for prefix, label in CRITERIA:
        if not getattr(buurt, prefix):
            berichten.append(_("Selectiecriterium niet (aantoonbaar) voldaan: %(criterium)s.") % {"criterium": label})
    if buurt.marktaandeel is not None and buurt.marktaandeel <= 50:
        berichten.append(
            _("Het marktaandeel van de alliantie in de wijkverpleging is %(pct)s%%; dat moet boven 50%% liggen.")
            % {"pct": f"{buurt.marktaandeel:.1f}".replace(".", ",")}
        )
    return berichten


def compliance(buurt):
    """Dutch messages for everything a buurt does not meet yet (empty: all in order).

    Looks at the newest plan version; when that one is vastgesteld, only criteria and network count.
    Uses prefetch caches (see queries.buurten_overzicht_queryset) so lists stay at fixed queries.
    """
    berichten = criteria_overtredingen(buurt)
    laatste = buurt.laatste_versie()
    if laatste is None:
        berichten += netwerk_overtredingen(buurt.netwerkleden.all())
        berichten.append(_("Er is nog geen buurtplan. Maak een buurtplan aan."))
        return berichten
    if laatste.status == Buurtplan.Status.VASTGESTELD:
        berichten += netwerk_overtredingen(buurt.netwerkleden.all())
        return berichten
    berichten += [b for b in vaststelling_blokkades(laatste)]
    return berichten
