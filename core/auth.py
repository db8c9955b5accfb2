from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def axes_username(request, credentials):
    """The account a login attempt is for: the e-mail address, case-insensitively."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return (value or "").strip().lower() or None


# A separate throttle per IP address (django-axes locks per account + address): one address may fail
# LOGIN_THROTTLE_PER_IP logins per LOGIN_THROTTLE_WINDOW, whichever accounts it tries.


def _throttle_key(request):
    from axes.helpers import get_client_ip_address

    return f"login-throttle:{get_client_ip_address(request) or 'onbekend'}"


def login_throttled(request) -> bool:
    from django.conf import settings
    from django.core.cache import cache

    return request is not None and cache.get(_throttle_key(request), 0) >= settings.LOGIN_THROTTLE_PER_IP


def count_failed_login(sender, credentials=None, request=None, **kwargs):
    from django.conf import settings
    from django.core.cache import cache

    if request is None:
        return
    key = _throttle_key(request)
    if not cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


class ZonderModelrechten:
    """A backend that answers no permission question: every permission comes from django-rules (a
    model permission would answer `has_perm` globally, past every object rule, see core.signals),
    and asking the empty permission tables cost two queries on every page that shows a menu item
    the user may not open (issue 15). Superusers keep every permission through `PermissionsMixin`."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


class LoadsAccessWithUser:
    """The user of each request (`request.user`) comes with their roles and gemeenten in one query
    (core.models.UserManager.with_access). For a ModelBackend (both of ours): a deactivated account
    loses its session at once (mozilla-django-oidc's own get_user would return it)."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.with_access().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PasswordBackend(LoadsAccessWithUser, ZonderModelrechten, ModelBackend):
    """E-mail and password, as Django's ModelBackend, without its model permissions."""
