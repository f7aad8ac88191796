"""Query-string filters of the rankings table: search by agency name, filter by band."""

import django_filters
from django.db.models import Q

from agencies.models import named
from indicators.models import IndexResult


class RankingFilter(django_filters.FilterSet):
    # The inputs are written out in templates/indicators/dashboard/_ranking_panel.html.
    q = django_filters.CharFilter(label="Tìm đơn vị", method="search")
    band = django_filters.ChoiceFilter(
        label="Xếp loại", method="in_band", empty_label="Tất cả xếp loại"
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
