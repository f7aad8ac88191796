"""The account list's search and filters."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy

from .accounts import assignable_agencies
from .forms import style_fields
from .models import Agency


def _agencies(request):
    if request is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk__in=assignable_agencies(request.user).values("pk")).order_by(
        "name"
    )


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=gettext_lazy("Tìm kiếm"),
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Tên đăng nhập, họ tên, email, đơn vị…")}
        ),
    )
    agency = django_filters.ModelChoiceFilter(
        field_name="membership__agency",
        queryset=_agencies,
        label=gettext_lazy("Đơn vị"),
        empty_label=gettext_lazy("Tất cả đơn vị"),
    )
    is_active = django_filters.ChoiceFilter(
        choices=[("1", gettext_lazy("Đang hoạt động")), ("0", gettext_lazy("Đã khóa"))],
        method="by_state",
        label=gettext_lazy("Trạng thái"),
        empty_label=gettext_lazy("Tất cả"),
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "agency", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form)

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(membership__agency__name__icontains=word)
                | Q(membership__agency__short_name__icontains=word)
            )
        return queryset

    def by_state(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")
