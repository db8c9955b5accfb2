"""Demo organisations and one user per role (DESIGN.md §6). Idempotent."""

from django.contrib.auth.models import Group

from . import roles
from .models import Organisatie, User

DEMO_PASSWORD = "Demo-SPUK-2026"

GEMEENTEN = [
    ("Gemeente Zutphen", "0301"),
    ("Gemeente Alphen aan den Rijn", "0484"),
]
ORGANISATIES = [
    ("Sensire", Organisatie.Soort.ZORGAANBIEDER),
    ("Vierstroom", Organisatie.Soort.ZORGAANBIEDER),
    ("Stichting Perspectief", Organisatie.Soort.SOCIAAL_DOMEINPARTNER),
    ("Stichting Gezond Boskoop", Organisatie.Soort.SOCIAAL_DOMEINPARTNER),
    ("Participe", Organisatie.Soort.SOCIAAL_DOMEINPARTNER),
    ("Tom in de Buurt", Organisatie.Soort.SOCIAAL_DOMEINPARTNER),
    ("Zilveren Kruis", Organisatie.Soort.ZORGVERZEKERAAR),
    ("VGZ", Organisatie.Soort.ZORGVERZEKERAAR),
    ("Menzis", Organisatie.Soort.ZORGVERZEKERAAR),
    ("CZ", Organisatie.Soort.ZORGVERZEKERAAR),
]

# (e-mail, first name, last name, role, organisation, gemeenten)
USERS = [
    ("beleid@zutphen.demo", "Bente", "de Beleid", roles.BELEID, "Gemeente Zutphen", ["Gemeente Zutphen"]),
    ("financien@zutphen.demo", "Frank", "Financiën", roles.FINANCIEN, "Gemeente Zutphen", ["Gemeente Zutphen"]),
    ("financien2@zutphen.demo", "Fatima", "Tweede", roles.FINANCIEN, "Gemeente Zutphen", ["Gemeente Zutphen"]),
    # Registers payments: whoever approved a declaration does not pay it (segregation of duties).
    ("financien3@zutphen.demo", "Bas", "Betaling", roles.FINANCIEN, "Gemeente Zutphen", ["Gemeente Zutphen"]),
    ("controle@zutphen.demo", "Carla", "Controle", roles.CONTROLE, "Gemeente Zutphen", ["Gemeente Zutphen"]),
    ("beheer@zutphen.demo", "Bart", "Beheer", roles.BEHEER, "Gemeente Zutphen", ["Gemeente Zutphen"]),
    ("partner@perspectief.demo", "Petra", "Perspectief", roles.PARTNER, "Stichting Perspectief", []),
    (
        "beleid@alphen.demo",
        "Anouk",
        "Alphen",
        roles.BELEID,
        "Gemeente Alphen aan den Rijn",
        ["Gemeente Alphen aan den Rijn"],
    ),
    (
        "financien@alphen.demo",
        "Arjen",
        "Financiën",
        roles.FINANCIEN,
        "Gemeente Alphen aan den Rijn",
        ["Gemeente Alphen aan den Rijn"],
    ),
    ("partner@participe.demo", "Paul", "Participe", roles.PARTNER, "Participe", []),
    # National data (regulation, reminder rules); no gemeente, so no money or declarations.
    ("landelijk@spuk.demo", "Lotte", "Landelijk", roles.LANDELIJK_BEHEER, None, []),
    # A regional policy officer working for both gemeenten (shows the gemeente switcher).
    (
        "regio@zutphen.demo",
        "Rik",
        "Regio",
        roles.BELEID,
        "Gemeente Zutphen",
        ["Gemeente Zutphen", "Gemeente Alphen aan den Rijn"],
    ),
]


def ensure_groups():
    return {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}


def load(stdout=None):
    groups = ensure_groups()
    for naam, code in GEMEENTEN:
        Organisatie.objects.update_or_create(
            naam=naam, defaults={"soort": Organisatie.Soort.GEMEENTE, "cbs_code": code}
        )
    for naam, soort in ORGANISATIES:
        Organisatie.objects.update_or_create(naam=naam, defaults={"soort": soort})
    by_name = {o.naam: o for o in Organisatie.objects.all()}
    for email, first, last, role, organisatie, gemeenten in USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "organisatie": by_name.get(organisatie)},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        # Nobody in the demo reaches the Django admin (platform operators only).
        user.is_staff = False
        user.save()
        user.groups.set([groups[role]])
        user.gemeenten.set([by_name[g] for g in gemeenten])
    if stdout:
        stdout.write(f"core: {len(USERS)} demo-gebruikers (wachtwoord {DEMO_PASSWORD})")
