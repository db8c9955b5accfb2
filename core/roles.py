"""The roles of DESIGN.md §1. Each is a Django group of the same name."""

from django.utils.translation import gettext_lazy as _

BELEID = "beleid"
FINANCIEN = "financien"
PARTNER = "partner"
CONTROLE = "controle"
BEHEER = "beheer"

ROLES = {
    BELEID: _("Beleidsmedewerker"),
    FINANCIEN: _("Financiën"),
    PARTNER: _("Partnerorganisatie"),
    CONTROLE: _("Controle"),
    BEHEER: _("Applicatiebeheer"),
}
STAFF_ROLES = (BELEID, FINANCIEN, CONTROLE, BEHEER)
