from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnnualReport,
    ApplicableMaximum,
    Band,
    Criterion,
    CriterionScore,
    DeadlineExtension,
    Evidence,
    Framework,
    IndexResult,
    ProcedureStat,
    PublishedEdition,
    RankingRun,
    RateResult,
    ServiceIndexScore,
    SurveyComponent,
    SurveyScore,
)


class BandInline(admin.TabularInline):
    model = Band
    extra = 0


class SurveyComponentInline(admin.TabularInline):
    model = SurveyComponent
    extra = 0


class ApplicableMaximumInline(admin.TabularInline):
    model = ApplicableMaximum
    extra = 0
    autocomplete_fields = ["agency"]


class FieldInline(admin.TabularInline):
    """The top of the criteria tree (lĩnh vực); deeper levels open from each node."""

    model = Criterion
    fk_name = "framework"
    extra = 0
    fields = ["code", "name", "level", "max_points", "counts_as", "order"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).filter(level=Criterion.Level.FIELD)


class ChildCriterionInline(admin.TabularInline):
    model = Criterion
    fk_name = "parent"
    extra = 0
    fields = [
        "code",
        "name",
        "level",
        "max_points",
        "rule_type",
        "evidence_required",
        "allow_not_applicable",
        "order",
    ]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "year",
        "group",
        "province",
        "legal_basis_no",
        "total_max",
        "tie_policy",
        "is_open",
    ]
    list_filter = ["province", "year", "group", "is_open"]
    search_fields = ["name", "legal_basis_no"]
    list_select_related = ["group", "province"]
    inlines = [BandInline, SurveyComponentInline, ApplicableMaximumInline, FieldInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "max_points", "rule_type", "source", "framework"]
    list_filter = ["framework__year", "level", "rule_type", "source", "evidence_required"]
    search_fields = ["code", "name"]
    list_select_related = ["framework"]
    raw_id_fields = ["parent", "field"]
    inlines = [ChildCriterionInline]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ["agency", "framework", "self_assessment_deadline", "explanation_deadline"]
    list_select_related = ["agency", "framework"]
    search_fields = ["agency__name"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    fields = [
        "criterion",
        "max_points",
        "self_score",
        "appraised_score",
        "appraised_score_r2",
        "final_score",
        "not_applicable",
    ]
    raw_id_fields = ["criterion"]


class SurveyScoreInline(admin.TabularInline):
    model = SurveyScore
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "framework", "status", "submitted_at", "version"]
    list_filter = ["status", "framework__year", "framework__group"]
    search_fields = ["agency__name"]
    list_select_related = ["agency", "framework"]
    inlines = [SurveyScoreInline, CriterionScoreInline]


@admin.register(CriterionScore)
class CriterionScoreAdmin(SimpleHistoryAdmin):
    list_display = [
        "report",
        "criterion",
        "self_score",
        "appraised_score",
        "final_score",
        "not_applicable",
    ]
    list_filter = ["report__framework__year", "not_applicable"]
    search_fields = ["report__agency__name", "criterion__code"]
    list_select_related = ["report__agency", "report__framework", "criterion"]
    raw_id_fields = ["report", "criterion"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "score", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name"]
    list_select_related = ["score__report__agency", "score__criterion", "uploaded_by"]
    raw_id_fields = ["score"]


@admin.register(SurveyScore)
class SurveyScoreAdmin(SimpleHistoryAdmin):
    list_display = ["report", "component", "points", "max_points"]
    list_select_related = ["report__agency", "report__framework", "component"]
    search_fields = ["report__agency__name"]


@admin.register(PublishedEdition)
class PublishedEditionAdmin(admin.ModelAdmin):
    list_display = ["decision_no", "decision_date", "kind", "framework", "created_at"]
    list_filter = ["kind", "framework__year"]
    search_fields = ["decision_no"]
    list_select_related = ["framework"]
    readonly_fields = ["content", "content_hash"]


@admin.register(IndexResult)
class IndexResultAdmin(SimpleHistoryAdmin):
    list_display = [
        "agency",
        "framework",
        "index_pct",
        "published_index_pct",
        "band",
        "rank",
        "group_size",
        "has_discrepancy",
    ]
    list_filter = ["framework__year", "framework__group", "is_published", "has_discrepancy"]
    search_fields = ["agency__name"]
    list_select_related = ["agency", "framework"]
    raw_id_fields = ["report", "edition"]


@admin.register(RateResult)
class RateResultAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "metric", "rate_pct", "rank", "group_size"]
    list_filter = ["year", "metric", "group"]
    search_fields = ["agency__name"]
    list_select_related = ["agency"]


@admin.register(RankingRun)
class RankingRunAdmin(admin.ModelAdmin):
    list_display = ["group", "year", "status", "queued_at", "finished_at", "duration_ms", "rows"]
    list_filter = ["status", "year"]
    list_select_related = ["group"]


@admin.register(ProcedureStat)
class ProcedureStatAdmin(SimpleHistoryAdmin):
    list_display = [
        "agency",
        "period_type",
        "period_start",
        "period_end",
        "received_new",
        "resolved_on_time",
        "resolved_late",
    ]
    list_filter = ["period_type", "year"]
    search_fields = ["agency__name"]
    list_select_related = ["agency"]


@admin.register(ServiceIndexScore)
class ServiceIndexScoreAdmin(admin.ModelAdmin):
    list_display = ["agency", "province", "period_type", "period_start", "total", "band", "rank"]
    list_filter = ["period_type", "province"]
    search_fields = ["agency__name"]
    list_select_related = ["agency", "province"]
