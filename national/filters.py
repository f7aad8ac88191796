"""The national ranking's filters: the year (the latest by default), the group, a name."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ParIndexResult


class ParIndexFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Năm"), empty_label=None)
    group = django_filters.ChoiceFilter(
        label=_("Nhóm"), choices=ParIndexResult.Group.choices, empty_label=_("Mọi nhóm")
    )
    q = django_filters.CharFilter(
        label=_("Tìm tỉnh"), field_name="province__name", lookup_expr="icontains"
    )

    class Meta:
        model = ParIndexResult
        fields = ["year", "group", "q"]

    def __init__(self, data=None, *args, **kwargs):
        years = ParIndexResult.objects.years()
        # One year at a time: a ranking mixes no years. Without a choice, the latest.
        if years and not (data or {}).get("year"):
            data = data.copy() if data is not None else {}
            data["year"] = str(years[0])
        super().__init__(data, *args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if hasattr(field, "choices")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
