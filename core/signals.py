from django.contrib.auth.models import Group


def revoke_beheer_admin_permissions(sender, **kwargs):
    """The beheer group once held the Django admin's model permissions. Application managers now work
    in the app's beheer pages (django-rules, scoped to their gemeenten) and the admin is for superusers
    only, so after every migrate the group holds no model permission at all (a model permission would
    also answer `has_perm` globally, past every object rule)."""
    group, _ = Group.objects.get_or_create(name="beheer")
    group.permissions.clear()
