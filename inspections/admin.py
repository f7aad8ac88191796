from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Finding,
    InspectionPlan,
    Recommendation,
    RecommendationUpdate,
    RemediationAction,
    RemediationPlan,
    TeamMember,
    Visit,
)


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    fields = ["date", "lead_name", "mode", "announced", "conclusion_no"]
    show_change_link = True


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "kind", "issuer", "year", "subject"]
    list_filter = ["kind", "year", "province"]
    search_fields = ["number", "subject", "issuer"]
    inlines = [VisitInline]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    raw_id_fields = ["criterion"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "date", "lead_name", "mode", "announced"]
    list_filter = ["plan__kind", "mode", "announced"]
    search_fields = ["lead_name", "summary", "agencies__name"]
    list_select_related = ["plan"]
    filter_horizontal = ["agencies"]
    inlines = [TeamMemberInline, FindingInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "kind", "criterion", "procedure_indicator"]
    list_filter = ["kind", "procedure_indicator"]
    search_fields = ["text", "agency__name"]
    list_select_related = ["agency", "criterion"]
    raw_id_fields = ["visit", "criterion"]


class RecommendationUpdateInline(admin.TabularInline):
    model = RecommendationUpdate
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "addressee", "deadline", "status", "completed_date"]
    list_filter = ["status", "visit__plan__kind"]
    search_fields = ["text", "addressee__name"]
    list_select_related = ["addressee"]
    raw_id_fields = ["visit", "finding"]
    inlines = [RecommendationUpdateInline]


@admin.register(RecommendationUpdate)
class RecommendationUpdateAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "posted_by", "posted_at", "document_no", "status_after"]
    search_fields = ["text", "document_no"]
    list_select_related = ["recommendation", "posted_by"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "visit"]
    search_fields = ["name", "position"]
    list_select_related = ["visit"]


class RemediationActionInline(admin.TabularInline):
    model = RemediationAction
    extra = 0
    fields = ["text", "responsible_unit", "start_date", "due_date", "status", "completed_date"]


@admin.register(RemediationPlan)
class RemediationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agency", "framework", "criterion", "created_at"]
    list_filter = ["framework__year", "agency__province"]
    search_fields = ["title", "agency__name"]
    list_select_related = ["agency", "framework", "criterion"]
    raw_id_fields = ["criterion", "recommendation"]
    inlines = [RemediationActionInline]
