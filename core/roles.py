"""The roles of DESIGN.md §1. Each is a Django group of the same name."""

from django.utils.translation import gettext_lazy as _

BELEID = "beleid"
FINANCIEN = "financien"
PARTNER = "partner"
CONTROLE = "controle"
BEHEER = "beheer"
# National data (regulation, national milestones, reminder rules): the same for every gemeente, and
# no access to any gemeente's money or declarations (no gemeenten, not a staff role).
LANDELIJK_BEHEER = "landelijk_beheer"

ROLES = {
    BELEID: _("Beleidsmedewerker"),
    FINANCIEN: _("Financiën"),
    PARTNER: _("Partnerorganisatie"),
    CONTROLE: _("Controle"),
    BEHEER: _("Applicatiebeheer"),
    LANDELIJK_BEHEER: _("Landelijk beheer"),
}
STAFF_ROLES = (BELEID, FINANCIEN, CONTROLE, BEHEER)
