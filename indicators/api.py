"""Read-only REST API: agencies, published results and rankings, dossier statistics, 766.

Same rules as the pages: a logged-in user with a reader role (staff, HĐND, reporters)
sees the rows of their own province, through the same `visible_to` QuerySets; nothing is
writable. The one public endpoint is `open_data_rankings`: a province's *published*
rankings, readable without login only while the province has `open_data` switched on.

For the permission-matrix test every view the router builds carries `required_roles`
(`ReaderViewSet.as_view`), and the open-data view carries `login_required = False`.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from agencies.access import READERS, role_of
from agencies.models import Agency, Province
from indicators import dossiers
from indicators.filters import api as api_filters
from indicators.models import Framework, IndexResult, ProcedureStat, ServiceIndexScore


class HasReaderRole(permissions.BasePermission):
    message = _("Tài khoản của bạn không có quyền đọc dữ liệu này.")

    def has_permission(self, request, view):
        return role_of(request.user) in READERS


class ReaderViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, HasReaderRole]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # DRF answers who may read (403 in JSON, as the schema says), not the login redirect
        # of LoginRequiredMiddleware, which would send an API client an HTML page.
        view = login_not_required(super().as_view(actions, **initkwargs))
        view.required_roles = READERS
        return view

    def visible_agencies(self):
        return Agency.objects.visible_to(self.request.user)


# --- serializers -------------------------------------------------------------------------


class AgencySerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    successors = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "province",
            "group",
            "parent",
            "is_ranked",
            "valid_from",
            "valid_to",
            "successors",
        ]

    def get_successors(self, agency) -> list[int]:
        return [
            edge.successor_id for edge in agency.lineage_as_predecessor.all() if edge.successor_id
        ]


class PublishedResultSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name")
    year = serializers.IntegerField(source="framework.year")
    group = serializers.CharField(source="framework.group.code")
    decision = serializers.SerializerMethodField()
    # Published values are as announced: a decision may leave any of them out.
    index_pct = serializers.DecimalField(
        source="published_index_pct", max_digits=7, decimal_places=4, allow_null=True
    )
    rank = serializers.IntegerField(source="published_rank", allow_null=True)
    band = serializers.CharField(source="published_band")
    total_points = serializers.DecimalField(
        source="published_total_points", max_digits=7, decimal_places=2, allow_null=True
    )
    satisfaction_pct = serializers.DecimalField(
        source="published_satisfaction_pct", max_digits=7, decimal_places=4, allow_null=True
    )

    class Meta:
        model = IndexResult
        fields = [
            "id",
            "agency",
            "agency_name",
            "year",
            "group",
            "rank",
            "group_size",
            "index_pct",
            "total_points",
            "satisfaction_pct",
            "band",
            "evidence_points",
            "survey_points",
            "decision",
        ]

    def get_decision(self, result) -> str | None:
        return str(result.edition) if result.edition_id else None


class RankingSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code")
    group_name = serializers.CharField(source="group.name")
    province = serializers.CharField(source="province.code")
    results = PublishedResultSerializer(source="published_results", many=True)

    class Meta:
        model = Framework
        fields = ["id", "province", "year", "group", "group_name", "name", "legal_basis", "results"]


class RateSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    pct = serializers.DecimalField(max_digits=7, decimal_places=4)
    formula = serializers.CharField(source="formula_label")


class ProcedureStatSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name")
    rates = serializers.SerializerMethodField()

    class Meta:
        model = ProcedureStat
        exclude = ["is_illustrative", "note"]

    @extend_schema_field(serializers.DictField(child=RateSerializer(allow_null=True)))
    def get_rates(self, stat) -> dict:
        return {
            name: RateSerializer(rate).data if rate else None
            for name, rate in dossiers.all_rates(stat).items()
        }


class ServiceIndexSerializer(serializers.ModelSerializer):
    # Whole-province rows have no agency.
    agency_name = serializers.CharField(source="agency.name", default=None, allow_null=True)

    class Meta:
        model = ServiceIndexScore
        exclude = ["is_illustrative"]


# --- viewsets ----------------------------------------------------------------------------


class AgencyViewSet(ReaderViewSet):
    """Agencies of the user's province, with their group and successors (lineage)."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        return (
            self.visible_agencies()
            .select_related("group", "province")
            .prefetch_related("lineage_as_predecessor")
            .order_by("name")
        )


def published_results():
    return IndexResult.objects.filter(is_published=True).select_related(
        "agency", "framework__group", "edition"
    )


class PublishedResultViewSet(ReaderViewSet):
    """Published annual results (values as announced); filter with ?year=2023&group=so."""

    serializer_class = PublishedResultSerializer
    filterset_class = api_filters.PublishedResultFilter

    def get_queryset(self):
        results = published_results().filter(agency__in=self.visible_agencies())
        return results.order_by(
            "-framework__year", "framework__group__order", "published_rank", "agency__name"
        )


def rankings_of(frameworks):
    ranked = published_results().order_by("published_rank", "agency__name")
    return (
        frameworks.filter(results__is_published=True)
        .distinct()
        .select_related("group", "province")
        .prefetch_related(Prefetch("results", queryset=ranked, to_attr="published_results"))
        .order_by("-year", "group__order")
    )


class RankingViewSet(ReaderViewSet):
    """Published rankings: one entry per (year, group) with its ranked rows."""

    serializer_class = RankingSerializer

    def get_queryset(self):
        provinces = self.visible_agencies().values("province_id")
        return rankings_of(Framework.objects.filter(province_id__in=provinces))


class ProcedureStatViewSet(ReaderViewSet):
    """Dossier statistics with each rate's numerator, denominator and formula."""

    serializer_class = ProcedureStatSerializer
    filterset_class = api_filters.ProcedureStatFilter

    def get_queryset(self):
        stats = ProcedureStat.objects.filter(agency__in=self.visible_agencies()).select_related(
            "agency"
        )
        return stats.order_by("-period_start", "agency__name")


class ServiceIndexViewSet(ReaderViewSet):
    """766 service-index scores of the province and its agencies."""

    serializer_class = ServiceIndexSerializer
    filterset_class = api_filters.ServiceIndexFilter

    def get_queryset(self):
        provinces = self.visible_agencies().values("province_id")
        return (
            ServiceIndexScore.objects.filter(province_id__in=provinces)
            .select_related("agency")
            .order_by("-period_start", "rank")
        )


@extend_schema(responses=RankingSerializer(many=True))
@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def _open_data_rankings(request, province_code):
    """Published rankings of a province that opened its data; 404 otherwise."""
    province = get_object_or_404(Province, code=province_code, open_data=True)
    frameworks = rankings_of(Framework.objects.filter(province=province))
    return Response(RankingSerializer(frameworks, many=True).data)


open_data_rankings = login_not_required(_open_data_rankings)
