"""Query-string filters for the plan, visit and recommendation lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency

from .models import (
    InspectionKind,
    InspectionPlan,
    Recommendation,
    RemediationAction,
    RemediationPlan,
    Visit,
)


def _agencies(request):
    if request is None:
        return Agency.objects.none()
    return Agency.objects.visible_to(request.user).order_by("name")


def _visible_plans(request):
    return (
        InspectionPlan.objects.visible_to(request.user)
        if request is not None
        else InspectionPlan.objects.none()
    )


def _set_choices(filterset, *, year: str = "year", issuer: str = ""):
    """Offer only the years and issuing bodies of plans the user can see."""
    plans = _visible_plans(filterset.request)
    years = plans.order_by("-year").values_list("year", flat=True).distinct()
    filterset.filters[year].extra["choices"] = [(y, str(y)) for y in years]
    if issuer:
        issuers = plans.order_by("issuer").values_list("issuer", flat=True).distinct()
        filterset.filters[issuer].extra["choices"] = [(i, i) for i in issuers]
    for field in filterset.form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class _Base(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Tìm kiếm"),
        widget=forms.TextInput(attrs={"placeholder": _("Số kế hoạch, nội dung, trưởng đoàn…")}),
    )
    year = django_filters.ChoiceFilter(choices=[], label=_("Năm"), empty_label=_("Tất cả các năm"))
    kind = django_filters.ChoiceFilter(
        choices=InspectionKind.choices, label=_("Loại"), empty_label=_("Tất cả các loại")
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=_agencies, method="by_agency", label=_("Đơn vị"), empty_label=_("Tất cả đơn vị")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self)


class PlanFilter(_Base):
    class Meta:
        model = InspectionPlan
        fields = ["q", "year", "kind", "agency"]

    def search(self, queryset, name, value):
        ids = InspectionPlan.objects.filter(
            Q(number__icontains=value)
            | Q(subject__icontains=value)
            | Q(issuer__icontains=value)
            | Q(visits__lead_name__icontains=value)
            | Q(visits__agencies__name__icontains=value)
        ).values("pk")
        return queryset.filter(pk__in=ids)

    def by_agency(self, queryset, name, value):
        return queryset.filter(pk__in=Visit.objects.filter(agencies=value).values("plan_id"))


class VisitFilter(_Base):
    year = django_filters.ChoiceFilter(
        field_name="plan__year", choices=[], label=_("Năm"), empty_label=_("Tất cả các năm")
    )
    kind = django_filters.ChoiceFilter(
        field_name="plan__kind",
        choices=InspectionKind.choices,
        label=_("Loại"),
        empty_label=_("Tất cả các loại"),
    )

    class Meta:
        model = Visit
        fields = ["q", "year", "kind", "agency"]

    def search(self, queryset, name, value):
        ids = Visit.objects.filter(
            Q(plan__number__icontains=value)
            | Q(plan__subject__icontains=value)
            | Q(lead_name__icontains=value)
            | Q(agencies__name__icontains=value)
            | Q(conclusion_no__icontains=value)
            | Q(summary__icontains=value)
        ).values("pk")
        return queryset.filter(pk__in=ids)

    def by_agency(self, queryset, name, value):
        return queryset.filter(pk__in=Visit.objects.filter(agencies=value).values("pk"))


class RecommendationFilter(django_filters.FilterSet):
    STATES = [
        ("open", _("Đang theo dõi")),
        ("overdue", _("Quá hạn")),
        ("done", _("Đã hoàn thành")),
        ("all", _("Tất cả")),
    ]

    state = django_filters.ChoiceFilter(
        choices=STATES, method="by_state", label=_("Tình trạng"), empty_label=None
    )
    addressee = django_filters.ModelChoiceFilter(
        queryset=_agencies, label=_("Đơn vị thực hiện"), empty_label=_("Tất cả đơn vị")
    )
    kind = django_filters.ChoiceFilter(
        field_name="visit__plan__kind",
        choices=InspectionKind.choices,
        label=_("Loại"),
        empty_label=_("Tất cả các loại"),
    )
    issuer = django_filters.ChoiceFilter(
        field_name="visit__plan__issuer",
        choices=[],
        label=_("Cơ quan kiến nghị"),
        empty_label=_("Tất cả cơ quan"),
    )
    year = django_filters.ChoiceFilter(
        field_name="visit__plan__year", choices=[], label=_("Năm"), empty_label=_("Tất cả các năm")
    )
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))

    class Meta:
        model = Recommendation
        fields = ["state", "addressee", "kind", "issuer", "year", "q"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")  # the board opens on what still needs following
        super().__init__(data, *args, **kwargs)
        _set_choices(self, issuer="issuer")

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "done":
            return queryset.filter(status=Recommendation.Status.DONE)
        return queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(text__icontains=value)
            | Q(addressee__name__icontains=value)
            | Q(visit__plan__number__icontains=value)
        )


class ActionFilter(django_filters.FilterSet):
    """The remediation board: actions by state, agency and published year."""

    STATES = [
        ("open", _("Đang thực hiện")),
        ("overdue", _("Quá hạn")),
        ("done", _("Đã hoàn thành")),
        ("all", _("Tất cả")),
    ]

    state = django_filters.ChoiceFilter(
        choices=STATES, method="by_state", label=_("Tình trạng"), empty_label=None
    )
    agency = django_filters.ModelChoiceFilter(
        field_name="plan__agency",
        queryset=_agencies,
        label=_("Đơn vị"),
        empty_label=_("Tất cả đơn vị"),
    )
    year = django_filters.ChoiceFilter(
        field_name="plan__framework__year",
        choices=[],
        label=_("Năm"),
        empty_label=_("Tất cả các năm"),
    )

    class Meta:
        model = RemediationAction
        fields = ["state", "agency", "year"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "all")
        super().__init__(data, *args, **kwargs)
        years = (
            RemediationPlan.objects.visible_to(self.request.user)
            .order_by("-framework__year")
            .values_list("framework__year", flat=True)
            .distinct()
            if self.request is not None
            else []
        )
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "done":
            return queryset.filter(status=RemediationAction.Status.DONE)
        return queryset
