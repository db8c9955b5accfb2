from django.contrib.auth.models import Group, Permission

# Application managers maintain users and organisations through the admin.
BEHEER_MODEL_PERMISSIONS = {
    "core": ["organisatie", "user", "melding", "gebeurtenis", "herinneringregel", "verstuurdeherinnering", "rapport"],
    "auth": ["group"],
    "otp_totp": ["totpdevice"],
    "axes": ["accessattempt", "accesslog"],
}


def grant_beheer_permissions(sender, **kwargs):
    group, _ = Group.objects.get_or_create(name="beheer")
    wanted = []
    for app_label, models in BEHEER_MODEL_PERMISSIONS.items():
        wanted.extend(Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models))
    group.permissions.add(*wanted)
