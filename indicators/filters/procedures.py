"""Query-string filters of the dossier and 766 tables; choices limited to what the user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup, named
from indicators.models import PeriodType, ProcedureStat, ServiceIndexScore, ServicePeriodType


def _visible_agencies(request):
    return (
        Agency.objects.visible_to(request.user).order_by("name")
        if request
        else Agency.objects.none()
    )


def _visible_groups(request):
    if request is None:
        return AgencyGroup.objects.none()
    return (
        AgencyGroup.objects.filter(agencies__in=Agency.objects.visible_to(request.user))
        .distinct()
        .order_by("order", "name")
    )


class _PeriodFilterSet(django_filters.FilterSet):
    period_type = django_filters.ChoiceFilter(
        label=_("Loại kỳ"), choices=PeriodType.choices, empty_label=_("Mọi loại kỳ")
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Khối"), queryset=_visible_groups, empty_label=_("Mọi khối")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=_visible_agencies, empty_label=_("Mọi đơn vị")
    )
    q = django_filters.CharFilter(label=_("Tìm đơn vị"), method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Year choices come from the data; set them before the form is first built.
        years = sorted(set(self.year_values()), reverse=True)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if hasattr(field, "choices")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def year_values(self):
        raise NotImplementedError

    def search(self, queryset, name, value):
        return queryset.filter(named(value))


class ProcedureStatFilter(_PeriodFilterSet):
    year = django_filters.ChoiceFilter(label=_("Năm"), empty_label=_("Mọi năm"))
    group = django_filters.ModelChoiceFilter(
        label=_("Khối"),
        field_name="agency__group",
        queryset=_visible_groups,
        empty_label=_("Mọi khối"),
    )

    class Meta:
        model = ProcedureStat
        fields = ["year", "period_type", "group", "agency", "q"]

    def year_values(self):
        return self.queryset.values_list("year", flat=True).order_by().distinct()


class ServiceIndexFilter(_PeriodFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Năm"), field_name="period_start__year", empty_label=_("Mọi năm")
    )
    period_type = django_filters.ChoiceFilter(
        label=_("Loại kỳ"), choices=ServicePeriodType.choices, empty_label=_("Mọi loại kỳ")
    )
    period_start = django_filters.DateFilter(label=_("Từ ngày (kỳ bắt đầu)"))

    class Meta:
        model = ServiceIndexScore
        fields = ["year", "period_type", "period_start", "group", "agency", "q"]

    def year_values(self):
        return [d.year for d in self.queryset.dates("period_start", "year")]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(agency__name__icontains=value) | Q(province__name__icontains=value)
        )
