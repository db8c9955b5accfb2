"""Who may manage API keys: the applicatiebeheerder (beheer) of the gemeente that issued the key.

A key itself never gets a permission of its own: it acts as its service user, whose role (partner or
controle) the rules of the other apps judge like any person's.
"""

import rules

from core import access
from core.rules import in_own_gemeente, is_beheer

rules.add_perm("api.beheer_sleutels", is_beheer)
# Object: an ApiSleutel (its `gemeente_id`) or a gemeente to issue a key in.
rules.add_perm("api.beheer_sleutel", is_beheer & in_own_gemeente)


@access.scope("api.ApiSleutel")
def scope_sleutels(queryset, user):
    if not is_beheer(user):
        return queryset.none()
    return queryset.filter(gemeente_id__in=user.gemeente_ids)
