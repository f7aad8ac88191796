"""Query-string filters of the dossier and 766 tables; choices limited to what the user may see."""

import django_filters
from django.db.models import Q

from agencies.models import Agency, AgencyGroup
from indicators.models import PeriodType, ProcedureStat, ServiceIndexScore


def _visible_agencies(request):
    return Agency.objects.visible_to(request.user).order_by("name") if request else Agency.objects.none()


def _visible_groups(request):
    if request is None:
        return AgencyGroup.objects.none()
    return AgencyGroup.objects.filter(agencies__in=Agency.objects.visible_to(request.user)).distinct().order_by("order", "name")


class _PeriodFilterSet(django_filters.FilterSet):
    period_type = django_filters.ChoiceFilter(label="Loại kỳ", choices=PeriodType.choices, empty_label="Mọi loại kỳ")
    group = django_filters.ModelChoiceFilter(label="Khối", queryset=_visible_groups, empty_label="Mọi khối")
    agency = django_filters.ModelChoiceFilter(label="Đơn vị", queryset=_visible_agencies, empty_label="Mọi đơn vị")
    q = django_filters.CharFilter(label="Tìm đơn vị", method="search")

    def search(self, queryset, name, value):
        return queryset.filter(Q(agency__name__icontains=value) | Q(agency__short_name__icontains=value))

    def _year_choices(self, years):
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in sorted(set(years), reverse=True)]


class ProcedureStatFilter(_PeriodFilterSet):
    year = django_filters.ChoiceFilter(label="Năm", empty_label="Mọi năm")
    group = django_filters.ModelChoiceFilter(label="Khối", field_name="agency__group", queryset=_visible_groups,
                                             empty_label="Mọi khối")

    class Meta:
        model = ProcedureStat
        fields = ["year", "period_type", "group", "agency", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._year_choices(self.queryset.values_list("year", flat=True).order_by().distinct())


class ServiceIndexFilter(_PeriodFilterSet):
    year = django_filters.ChoiceFilter(label="Năm", field_name="period_start__year", empty_label="Mọi năm")

    class Meta:
        model = ServiceIndexScore
        fields = ["year", "period_type", "group", "agency", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._year_choices(d.year for d in self.queryset.dates("period_start", "year"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(agency__name__icontains=value) | Q(province__name__icontains=value))
