"""Query-string filters of the targets and alerts pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup
from indicators.models import Alert, AlertRule, Target, TargetMetric


def _agencies(request):
    if request is None:
        return Agency.objects.none()
    return Agency.objects.visible_to(request.user).order_by("name")


def _groups(request):
    if request is None:
        return AgencyGroup.objects.none()
    return (
        AgencyGroup.objects.filter(agencies__in=Agency.objects.visible_to(request.user))
        .distinct()
        .order_by("order", "name")
    )


def _rules(request):
    if request is None:
        return AlertRule.objects.none()
    provinces = Agency.objects.visible_to(request.user).values("province_id")
    return AlertRule.objects.filter(province_id__in=provinces)


class _Styled(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if hasattr(field, "choices")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class TargetFilter(_Styled):
    year = django_filters.NumberFilter(label=_("Năm"))
    group = django_filters.ModelChoiceFilter(
        label=_("Khối"), queryset=_groups, empty_label=_("Mọi khối")
    )
    metric = django_filters.ChoiceFilter(
        label=_("Chỉ tiêu"), choices=TargetMetric.choices, empty_label=_("Mọi chỉ tiêu")
    )

    class Meta:
        model = Target
        fields = ["year", "group", "metric"]


class AlertFilter(_Styled):
    STATUS = [("current", _("Chưa xử lý")), ("done", _("Đã xử lý"))]

    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=STATUS, empty_label=_("Tất cả"), method="by_status"
    )
    rule = django_filters.ModelChoiceFilter(
        label=_("Quy tắc"), queryset=_rules, empty_label=_("Mọi quy tắc")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=_agencies, empty_label=_("Mọi đơn vị")
    )

    class Meta:
        model = Alert
        fields = ["status", "rule", "agency"]

    def by_status(self, queryset, name, value):
        if value == "current":
            return queryset.filter(acknowledged_at__isnull=True)
        if value == "done":
            return queryset.filter(acknowledged_at__isnull=False)
        return queryset
