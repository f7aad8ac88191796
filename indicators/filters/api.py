"""Query-string filters of the read-only API, validated by forms like the pages' filters.

A value the form refuses (a year "²" or "①", a NUL byte, a year past 2100) answers 400
with the field's message instead of reaching the database; the OpenAPI schema lists
these filters with their types (drf-spectacular reads the FilterSets).
"""

import django_filters
from django import forms

from indicators.models import IndexResult, ProcedureStat, ServiceIndexScore

YEARS = {"min_value": 2000, "max_value": 2100}


class YearFilter(django_filters.NumberFilter):
    """An integer year: `str.isdigit` let "²" through to the database, an IntegerField
    does not, and the bounds keep a 30-digit year from overflowing PostgreSQL's integer."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "Năm đánh giá, ví dụ 2023")
        super().__init__(*args, **{**YEARS, **kwargs})


class PublishedResultFilter(django_filters.FilterSet):
    year = YearFilter(field_name="framework__year")
    group = django_filters.CharFilter(
        field_name="framework__group__code", max_length=32, help_text="Mã khối, ví dụ so"
    )

    class Meta:
        model = IndexResult
        fields = ["year", "group"]


class ProcedureStatFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year")

    class Meta:
        model = ProcedureStat
        fields = ["year"]


class ServiceIndexFilter(django_filters.FilterSet):
    year = YearFilter(field_name="period_start__year")

    class Meta:
        model = ServiceIndexScore
        fields = ["year"]
