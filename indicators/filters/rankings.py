"""Query-string filters of the rankings table: search by agency name, filter by band."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import named
from indicators.models import IndexResult


class RankingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm đơn vị"),
        method="search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Tên đơn vị…"),
                "class": "form-control form-control-sm",
            }
        ),
    )
    band = django_filters.ChoiceFilter(
        label=_("Xếp loại"),
        method="in_band",
        empty_label=_("Tất cả xếp loại"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    class Meta:
        model = IndexResult
        fields = []

    def __init__(self, *args, bands=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["band"].extra["choices"] = [(b["name"], b["name"]) for b in bands]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(named(word))
        return queryset

    def in_band(self, queryset, name, value):
        # The shown band is the published one where it exists.
        return queryset.filter(Q(published_band=value) | (Q(published_band="") & Q(band=value)))
