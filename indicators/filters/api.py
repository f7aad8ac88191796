"""Query-string filters of the read-only API, validated by forms like the pages' filters.

A value the form refuses (a year "²" or "①", a NUL byte, a year past 2100) answers 400
with the field's message instead of reaching the database; the OpenAPI schema lists
these filters with their types (drf-spectacular reads the FilterSets).
"""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from indicators.models import IndexResult, ProcedureStat, ServiceIndexScore, ServicePeriodType

YEARS = {"min_value": 2000, "max_value": 2100}


@extend_schema_field({"type": "integer", "minimum": 2000, "maximum": 2100})
class YearFilter(django_filters.NumberFilter):
    """An integer year: `str.isdigit` let "²" through to the database, an IntegerField
    does not, and the bounds keep a 30-digit year from overflowing PostgreSQL's integer."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "Năm đánh giá, ví dụ 2023")
        super().__init__(*args, **{**YEARS, **kwargs})


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]*$", "maxLength": 32})
class GroupCodeFilter(django_filters.CharFilter):
    """A group's code is a slug (`AgencyGroup.code`): anything else matches no group."""

    field_class = forms.SlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "Mã khối, ví dụ so")
        super().__init__(*args, max_length=32, **kwargs)


class PublishedResultFilter(django_filters.FilterSet):
    year = YearFilter(field_name="framework__year")
    group = GroupCodeFilter(field_name="framework__group__code")

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
    period_type = django_filters.ChoiceFilter(
        choices=ServicePeriodType.choices, help_text="Loại kỳ: week, month, quarter, year"
    )
    # The row's own khối: its agency's bloc of the period's year.
    group = GroupCodeFilter(field_name="group__code")

    class Meta:
        model = ServiceIndexScore
        fields = ["year", "period_type", "group"]
