from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin  # noqa: F401  (used by other apps' admin)

from .models import (
    Agency,
    AgencyAlias,
    AgencyCode,
    AgencyGroup,
    AgencyGroupMembership,
    AgencyLineage,
    Membership,
    Notification,
    Province,
    ProvinceLineage,
)


class ProvincePredecessorInline(admin.TabularInline):
    model = ProvinceLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "valid_from", "valid_to", "open_data"]
    search_fields = ["name", "code"]
    inlines = [ProvincePredecessorInline]


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "kind", "order", "valid_from", "valid_to"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "code"]


class AgencyCodeInline(admin.TabularInline):
    model = AgencyCode
    extra = 0


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0


class LineageAsSuccessorInline(admin.TabularInline):
    model = AgencyLineage
    fk_name = "successor"
    extra = 0
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")
    autocomplete_fields = ["predecessor"]


class GroupMembershipInline(admin.TabularInline):
    """The khối by year, where it changed (an agency without rows is in its khối above)."""

    model = AgencyGroupMembership
    extra = 0
    verbose_name = "khối theo năm"
    verbose_name_plural = "khối theo năm"


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "group", "province", "is_ranked", "valid_from", "valid_to"]
    list_filter = ["province", "kind", "group", "is_ranked", "is_illustrative"]
    search_fields = ["name", "short_name", "aliases__alias"]
    list_select_related = ["group", "province"]
    autocomplete_fields = ["parent"]
    inlines = [
        AgencyCodeInline,
        AgencyAliasInline,
        LineageAsSuccessorInline,
        GroupMembershipInline,
    ]


@admin.register(AgencyLineage)
class AgencyLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "relation", "successor", "effective_date", "legal_basis"]
    list_filter = ["relation", "effective_date"]
    search_fields = ["predecessor__name", "successor__name", "legal_basis"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(AgencyCode)
class AgencyCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "scheme", "agency", "valid_from", "valid_to"]
    list_filter = ["scheme"]
    search_fields = ["code", "agency__name"]
    list_select_related = ["agency"]


@admin.register(AgencyAlias)
class AgencyAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "agency"]
    search_fields = ["alias", "agency__name"]
    list_select_related = ["agency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "province", "agency"]
    list_filter = ["role", "province"]
    search_fields = ["user__username", "agency__name"]
    list_select_related = ["user", "province", "agency"]
    autocomplete_fields = ["agency"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["text", "user__username"]
    list_select_related = ["user"]
