import base64
import functools
import io

import qrcode
import qrcode.image.svg
import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from kombu import Connection
from rules.contrib.views import PermissionRequiredMixin

from . import inbox, oidc, roles, search
from .access import get_or_deny
from .actions import safe_next
from .forms import MeldingenFilter, TwoFactorForm
from .lists import Column, TableView
from .middleware import ACTIVE_GEMEENTE_SESSION_KEY
from .models import Gemeente, Melding
from .services import mark_read, open_melding

# The order decides which start page a person with several roles sees.
START_PAGE_ORDER = (roles.FINANCIEN, roles.BELEID, roles.CONTROLE, roles.BEHEER, roles.PARTNER, roles.LANDELIJK_BEHEER)


@login_required
def start(request):
    for role in START_PAGE_ORDER:
        if request.user.has_perm(f"core.start_{role}"):
            if role == roles.PARTNER and request.user.has_perm("declaraties.view_portaal"):
                # A partner's work is on the portal ("Financiën vraagt u … aan te passen").
                return redirect("declaraties:portaal")
            return redirect("core:start_role", role=role)
    return render(request, "core/start_zonder_rol.html", status=403)


class RoleStartView(LoginRequiredMixin, TemplateView):
    def get_template_names(self):
        return [f"core/start_{self.kwargs['role']}.html", "core/start.html"]

    def dispatch(self, request, *args, **kwargs):
        role = kwargs["role"]
        if role not in roles.ROLES:
            raise Http404
        if request.user.is_authenticated and not request.user.has_perm(f"core.start_{role}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        role = self.kwargs["role"]
        context.update(
            role=role,
            role_label=roles.ROLES[role],
            taken=inbox.registry.taken(user),
            recente_meldingen=Melding.objects.filter(ontvanger=user)[:5],
        )
        return context


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    # One pool per process: a new connection per probe cost a TCP handshake and several GIL
    # hand-overs, which under load made /healthz the slowest request of all (issue 15).
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2, health_check_interval=30)


def _ping_broker(url: str) -> None:
    if url.startswith(("redis://", "rediss://")):
        _redis_client(url).ping()
        return
    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@require_GET
@never_cache
def healthz(request):
    state = {"database": "ok", "broker": "ok"}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - report any failure as unhealthy
        state["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        state["broker"] = "eager"
    else:
        try:
            _ping_broker(settings.CELERY_BROKER_URL)
        except Exception as exc:  # noqa: BLE001
            state["broker"] = f"error: {exc.__class__.__name__}"
            healthy = False
    state["status"] = "ok" if healthy else "error"
    return JsonResponse(state, status=200 if healthy else 503)


@require_POST
@login_required
def switch_gemeente(request):
    try:
        gemeente_id = int(request.POST.get("gemeente", ""))
    except ValueError:
        gemeente_id = None
    if gemeente_id not in request.user.gemeente_ids:
        messages.error(request, _("U werkt niet voor die gemeente."))
    else:
        request.session[ACTIVE_GEMEENTE_SESSION_KEY] = gemeente_id
    return HttpResponseRedirect(safe_next(request, request.POST.get("next"), reverse("core:start")))


@login_required
def mijn_gemeente(request):
    if request.gemeente is None:
        raise PermissionDenied
    return redirect("core:gemeente_detail", pk=request.gemeente.pk)


class MeldingenView(TableView):
    permission_required = "core.view_meldingen"
    title = _("Meldingen")
    empty_noun = _("meldingen")
    export_filename = "meldingen"
    default_sort = "-aangemaakt_op"
    filter_form_class = MeldingenFilter
    template_name = "core/meldingen.html"
    columns = [
        Column("aangemaakt_op", _("Datum"), sort="aangemaakt_op"),
        Column("titel", _("Titel"), sort="titel", link=True),
        Column("tekst", _("Tekst")),
        Column("gelezen_op", _("Gelezen op"), sort="gelezen_op"),
        Column("afgehandeld_op", _("Taak afgehandeld op"), sort="afgehandeld_op"),
    ]

    def get_base_queryset(self):
        return Melding.objects.filter(ontvanger=self.request.user)


@login_required
@require_GET
@never_cache
def melding_openen(request, pk):
    """Open a notification: it turns read and the user goes to its object (a local URL only)."""
    melding = open_melding(request.user, pk)
    if melding is None:
        raise Http404
    return HttpResponseRedirect(safe_next(request, melding.link, reverse("core:meldingen")))


@require_POST
@login_required
def meldingen_gelezen(request):
    mark_read(request.user)
    messages.success(request, _("Alle meldingen zijn als gelezen gemarkeerd."))
    return redirect("core:meldingen")


def _safe_next(request, default):
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), default)


def _qr_svg(uri):
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@never_cache
@login_required
def twee_factor(request):
    """Set up (first time) or confirm the TOTP code; finance and beheer cannot continue without it."""
    user = request.user
    next_url = _safe_next(request, reverse("core:start"))
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    if setup:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": _("Authenticator-app")}
        )
    form = TwoFactorForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if setup:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Tweestapsverificatie gelukt."))
        return HttpResponseRedirect(next_url)
    context = {"form": form, "setup": setup, "next": next_url}
    if setup:
        context["qr_data_uri"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "registration/twee_factor.html", context)


class LoginView(auth_views.LoginView):
    """The password form, and a button per configured identity provider ("Inloggen met ...")."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = oidc.login_buttons()
        return context


def handler403(request, exception=None):
    return render(request, "403.html", status=403)


def handler404(request, exception=None):
    return render(request, "404.html", status=404)


class GemeenteDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Profile of a gemeente: its code and the staff who work for it (staff of that gemeente only)."""

    template_name = "core/gemeente_detail.html"
    permission_required = "core.view_gemeente"

    def get_permission_object(self):
        # PermissionRequiredMixin asks for the object; scoping first gives a 404 outside the user's gemeenten.
        if not hasattr(self, "_gemeente"):
            self._gemeente = get_or_deny(self.request.user, Gemeente, self.kwargs["pk"])
        return self._gemeente

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeente = self.get_permission_object()
        context["gemeente"] = gemeente
        context["medewerkers"] = gemeente.staf.filter(is_active=True).prefetch_related("groups").order_by("last_name")
        return context


@login_required
def zoeken(request: HttpRequest) -> HttpResponse:
    """Global search: every app's provider, each scoped to what the user may see."""
    term = request.GET.get("q", "").strip()
    resultaten = search.registry.zoek(request.user, term)
    groepen: dict[str, list[search.Resultaat]] = {}
    for r in resultaten:
        groepen.setdefault(str(r.soort), []).append(r)
    return render(
        request,
        "core/zoeken.html",
        {"term": term, "groepen": groepen, "aantal": len(resultaten), "te_kort": 0 < len(term) < search.MIN_LENGTH},
    )
