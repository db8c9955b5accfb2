"""The pages `make bench` measures, per role mix, on the largest gemeente of the schaal data set
(`Schaalgemeente 001`, like Zutphen in issue 15). Needs Django set up."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.urls import reverse

from core.models import Organisatie, User
from declaraties.models import Declaratie
from declaraties.schaal import E_MAIL_DOMEIN, PREFIX
from grootboek.models import Rekening
from spuk.models import Beschikking

JAAR = 2025


@dataclass(frozen=True)
class Pagina:
    naam: str
    mix: str  # finance | beleid | partner
    url: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


# Who logs in for each mix (e-mail prefix of the schaal users of gemeente 001).
GEBRUIKERS = {"finance": "financien", "beleid": "beleid", "partner": "partner01"}


def gebruiker(mix: str) -> User:
    return User.objects.get(email=f"{GEBRUIKERS[mix]}.g001@{E_MAIL_DOMEIN}")


def paginas() -> list[Pagina]:
    gemeente = Organisatie.objects.get(naam=f"{PREFIX} 001")
    beschikking = Beschikking.objects.get(gemeente=gemeente)
    bank = Rekening.objects.get(gemeente=gemeente, rol=Rekening.Rol.BANK)
    lasten = Rekening.objects.get(gemeente=gemeente, rol=Rekening.Rol.LASTEN, beschikkingsnummer=beschikking.nummer)
    partner = gebruiker("partner")
    declaratie = Declaratie.objects.filter(gemeente=gemeente, status="betaald").order_by("pk").first()
    eigen = Declaratie.objects.filter(partner=partner.organisatie, status="betaald").order_by("pk").first()
    buurt = declaratie.buurt if declaratie else None
    assert declaratie is not None and eigen is not None and buurt is not None, "schaal data set is incomplete"
    # Page 20 of all declarations sorted by amount (a deep page), or the last one on a small set.
    diep = max(1, min(20, Declaratie.objects.filter(gemeente=gemeente).count() // 25))
    f, b, p = "finance", "beleid", "partner"
    return [
        Pagina("werkvoorraad", f, reverse("declaraties:werkvoorraad")),
        Pagina(
            "werkvoorraad diep, op bedrag",
            f,
            reverse("declaraties:werkvoorraad") + f"?status=&sort=-bedrag&page={diep}",
        ),
        Pagina("declaratie detail", f, reverse("declaraties:detail", args=[declaratie.pk])),
        Pagina("betalingen", f, reverse("declaraties:betalingen")),
        Pagina("toekenningen", f, reverse("declaraties:toekenningen")),
        Pagina("journaalposten", f, reverse("grootboek:journaalposten")),
        Pagina(f"proefbalans {JAAR}", f, reverse("grootboek:proefbalans") + f"?boekjaar={JAAR}"),
        Pagina("rekeningkaart Bank", f, reverse("grootboek:rekeningkaart", args=[bank.pk])),
        Pagina("rekeningkaart Lasten", f, reverse("grootboek:rekeningkaart", args=[lasten.pk])),
        Pagina("aansluiting", f, reverse("grootboek:aansluiting")),
        Pagina("beschikking detail", f, reverse("spuk:beschikking_detail", args=[beschikking.pk])),
        Pagina(f"SiSa {JAAR}", f, reverse("spuk:sisa", args=[beschikking.pk, JAAR])),
        Pagina("kalender", f, reverse("core:kalender")),
        Pagina("meldingen (financien)", f, reverse("core:meldingen")),
        Pagina("start (beleid)", b, reverse("core:start_role", args=["beleid"])),
        Pagina("buurten", b, reverse("buurtplan:buurten")),
        Pagina("buurt detail", b, reverse("buurtplan:buurt_detail", args=[buurt.pk])),
        Pagina("buurt begroting", b, reverse("buurtplan:buurt_begroting", args=[buurt.pk])),
        Pagina("aanvragen", b, reverse("spuk:aanvragen")),
        Pagina("beschikkingen", b, reverse("spuk:beschikkingen")),
        Pagina("kalender (beleid)", b, reverse("core:kalender")),
        Pagina("portaal (partner)", p, reverse("declaraties:portaal")),
        Pagina("mijn declaraties", p, reverse("declaraties:mijn")),
        Pagina("mijn begrotingsregels", p, reverse("buurtplan:mijn_regels")),
        Pagina("eigen declaratie", p, reverse("declaraties:detail", args=[eigen.pk])),
        Pagina("meldingen (partner)", p, reverse("core:meldingen")),
    ]


def grootste_beschikking() -> Beschikking:
    gemeente = Organisatie.objects.get(naam=f"{PREFIX} 001")
    return Beschikking.objects.get(gemeente=gemeente)
