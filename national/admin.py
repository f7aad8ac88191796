from django.contrib import admin

from .models import ParIndexResult


@admin.register(ParIndexResult)
class ParIndexResultAdmin(admin.ModelAdmin):
    list_display = ["province", "year", "index_pct", "rank", "group", "decision_no"]
    list_filter = ["year", "group"]
    search_fields = ["province__name", "province__code"]
