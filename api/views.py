"""The REST API (/api/v1/): thin views over the same queries, services and permissions as the web.

Reading goes through `Model.objects.visible_to(user)` / `access.get_or_deny` with the key's service
user; every change is one service call (`declaraties.services`), which checks the rules perms itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from buurtplan.models import Begrotingsregel
from core.access import get_or_deny
from declaraties import queries as declaratie_queries
from declaraties import services as declaratie_services
from declaraties.models import Declaratie
from grootboek import api as grootboek_api
from spuk import queries as spuk_queries
from spuk import services as spuk_services
from spuk import sisa
from spuk.models import Beschikking

from . import queries
from . import serializers as s
from .models import Scope

LEZEN = [Scope.READ, Scope.DECLARE]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from vendored files (no CDN); the start script is served by this view itself."""

    template_name = "api/swagger_ui.html"
    title = "SPUK-beheer API"
    url_name = "api:schema"
    permission_classes: list[Any] = []
    authentication_classes: list[Any] = []


class ApiView(APIView):
    scopes: Sequence[str] = ()
    write_scopes: Sequence[str] = ()


class ApiListView(ApiView, generics.ListAPIView):
    """A read-only list: `get_queryset` says what, the key's service user scopes it."""


# --- partners -------------------------------------------------------------------------------------


@extend_schema(tags=["partners"], summary=_("Toekenningen met het resterende plafond"))
class ToekenningenView(ApiListView):
    scopes = LEZEN
    serializer_class = s.ToekenningSerializer

    def get_queryset(self):
        return (
            declaratie_queries.toekenningen_queryset(self.request.user)
            .select_related("buurt__gemeente")
            .order_by("jaar", "pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for toekenning in page or []:
            toekenning.resterend = declaratie_queries.resterend_plafond(toekenning)
            toekenning.gebruikt = toekenning.plafond - toekenning.resterend
        return page


@extend_schema(tags=["partners"], summary=_("Begrotingsregels waarop u kunt declareren, met het resterende budget"))
class BegrotingsregelsView(ApiListView):
    scopes = LEZEN
    serializer_class = s.BegrotingsregelSerializer
    pagination_class = None

    def get_queryset(self):
        return queries.begrotingsregels_voor(self.request.user)


def _declaraties(user: Any) -> Any:
    return Declaratie.objects.visible_to(user).select_related("buurt").prefetch_related("bijlagen")


def _velden(data: dict[str, Any]) -> dict[str, Any]:
    velden = dict(data)
    if "begrotingsregel" in velden:
        regel = Begrotingsregel.objects.filter(pk=velden["begrotingsregel"]).first()
        if regel is None:
            raise ValidationError({"begrotingsregel": _("Deze begrotingsregel bestaat niet.")})
        velden["begrotingsregel"] = regel
    return velden


class DeclaratiesView(ApiListView):
    scopes = LEZEN
    write_scopes = [Scope.DECLARE]
    serializer_class = s.DeclaratieSerializer

    def get_queryset(self):
        return _declaraties(self.request.user).order_by("-aangemaakt_op", "-pk")

    @extend_schema(tags=["partners"], summary=_("Uw declaraties"), operation_id="declaraties_lijst")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["partners"],
        summary=_("Een declaratie als concept aanmaken"),
        request=s.DeclaratieInvoerSerializer,
        responses={201: s.DeclaratieDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        invoer = s.DeclaratieInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        declaratie = declaratie_services.bewaar_concept(request.user, None, **_velden(invoer.validated_data))
        return Response(_detail(request.user, declaratie.pk), status=status.HTTP_201_CREATED)


def _detail(user: Any, pk: int) -> dict[str, Any]:
    declaratie = get_or_deny(user, _declaraties(user), pk, "declaraties.view_declaratie")
    # Attribute names of our own: `berichten` is the model's reverse relation to the thread.
    declaratie.tijdlijn_partner = declaratie_queries.tijdlijn(declaratie, partner=True)
    declaratie.gesprek_berichten = list(declaratie_queries.berichten(declaratie))
    return s.DeclaratieDetailSerializer(declaratie).data


class DeclaratieView(ApiView):
    scopes = LEZEN
    write_scopes = [Scope.DECLARE]

    @extend_schema(
        tags=["partners"],
        summary=_("Status, bijlagen en berichten van een declaratie"),
        responses=s.DeclaratieDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request.user, pk))

    @extend_schema(
        tags=["partners"],
        summary=_("Een concept (of een declaratie waarvan aanpassing is gevraagd) wijzigen"),
        request=s.DeclaratieInvoerSerializer(partial=True),
        responses=s.DeclaratieDetailSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        declaratie = get_or_deny(request.user, Declaratie, pk, "declaraties.view_declaratie")
        invoer = s.DeclaratieInvoerSerializer(data=request.data, partial=True)
        invoer.is_valid(raise_exception=True)
        declaratie_services.bewaar_concept(request.user, declaratie, **_velden(invoer.validated_data))
        return Response(_detail(request.user, pk))


class BijlagenView(ApiView):
    scopes = LEZEN
    write_scopes = [Scope.DECLARE]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["partners"],
        summary=_("Een factuur of bewijsstuk toevoegen (multipart/form-data, veld `bestand`)"),
        request={"multipart/form-data": s.BijlageInvoerSerializer},
        responses={201: s.BijlageSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        declaratie = get_or_deny(request.user, Declaratie, pk, "declaraties.view_declaratie")
        invoer = s.BijlageInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        bijlage = declaratie_services.voeg_bijlage_toe(request.user, declaratie, invoer.validated_data["bestand"])
        return Response(s.BijlageSerializer(bijlage).data, status=status.HTTP_201_CREATED)


class IndienenView(ApiView):
    scopes = LEZEN
    write_scopes = [Scope.DECLARE]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=["partners"],
        summary=_("De declaratie indienen (of opnieuw indienen na een gevraagde aanpassing)"),
        request=None,
        responses=s.DeclaratieDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        declaratie = get_or_deny(request.user, Declaratie, pk, "declaraties.view_declaratie")
        declaratie_services.dien_in(request.user, declaratie)
        return Response(_detail(request.user, pk))


# --- financial systems ----------------------------------------------------------------------------


class JournaalpostenView(ApiView):
    scopes = [Scope.LEDGER_EXPORT]

    @extend_schema(
        tags=["financiële systemen"],
        summary=_("Journaalposten van één boekjaar na een cursor, voor import in het ERP"),
        description=_(
            "Vraag met `boekjaar` en `na` (het laatste volgnummer dat u al heeft, begin met 0) en ga "
            "verder met `volgende` uit het antwoord. Stuknummers zijn per boekjaar doorlopend en worden "
            "in volgorde zichtbaar: zo krijgt u elke post precies één keer, ook als u later verder vraagt."
        ),
        parameters=[s.JournaalpostenQuery],
        responses=s.JournaalpostenPagina,
    )
    def get(self, request: Request) -> Response:
        query = s.JournaalpostenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        boekjaar, na, aantal = (query.validated_data[k] for k in ("boekjaar", "na", "aantal"))
        gemeente_id = request.user.organisatie_id
        zichtbaar = grootboek_api.Journaalpost.objects.visible_to(request.user)
        posten = grootboek_api.journaalposten_na(zichtbaar, gemeente_id, boekjaar, na, aantal + 1)
        meer = len(posten) > aantal
        posten = posten[:aantal]
        laatste = posten[-1].volgnummer if posten else na
        return Response(
            {
                "resultaten": s.JournaalpostSerializer(posten, many=True).data,
                "volgende": {"boekjaar": boekjaar, "na": laatste},
                "meer": meer,
            }
        )


@extend_schema(
    tags=["financiële systemen"], summary=_("Goedgekeurde en geboekte declaraties die betaald moeten worden")
)
class TeBetalenView(ApiListView):
    scopes = [Scope.LEDGER_EXPORT, Scope.READ]
    serializer_class = s.TeBetalenSerializer

    def get_queryset(self):
        return declaratie_queries.te_betalen(self.request.user).order_by("goedgekeurd_op", "pk")


@extend_schema(tags=["financiële systemen"], summary=_("Beschikkingen (alleen lezen)"))
class BeschikkingenView(ApiListView):
    scopes = [Scope.READ, Scope.LEDGER_EXPORT]
    serializer_class = s.BeschikkingSerializer

    def get_queryset(self):
        return spuk_queries.beschikkingen_lijst(self.request.user).order_by("-datum", "-pk")


class SisaView(ApiView):
    scopes = [Scope.READ, Scope.LEDGER_EXPORT]

    @extend_schema(
        tags=["financiële systemen"],
        summary=_("SiSa-cijfers van een beschikking over een jaar (concept, zoals de SiSa-pagina)"),
        parameters=[OpenApiParameter("jaar", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int, jaar: int) -> Response:
        beschikking = get_or_deny(request.user, Beschikking, pk, "spuk.view_obj")
        if not 2000 <= jaar <= 2100:
            raise Http404(_("Over dit jaar legt deze beschikking geen verantwoording af."))
        data, _verantwoording = spuk_services.sisa_gegevens(beschikking, jaar)
        return Response(sisa.serialiseer(data))


@extend_schema(exclude=True)
class NietGevondenView(ApiView):
    """Any other path under /api/: a problem+json 404 instead of the HTML page."""

    permission_classes: list[Any] = []
    authentication_classes: list[Any] = []

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        raise Http404(_("Dit adres bestaat niet in de API. Zie /api/docs/."))

    get = post = put = patch = delete = head = options = http_method_not_allowed
