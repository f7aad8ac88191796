"""The account list (django-tables2): sortable and paginated."""

import django_tables2 as tables
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .paging import PagedTable


class AccountTable(PagedTable):
    username = tables.Column(
        gettext_lazy("Tên đăng nhập"),
        linkify=lambda record: reverse("agencies:account_detail", args=[record.pk]),
    )
    full_name = tables.Column(
        gettext_lazy("Họ và tên"), accessor="get_full_name", order_by=("first_name", "last_name")
    )
    agency = tables.Column(gettext_lazy("Đơn vị"), accessor="membership__agency__name")
    email = tables.Column(gettext_lazy("Email"))
    is_active = tables.Column(gettext_lazy("Trạng thái"))
    last_login = tables.DateTimeColumn("H:i d/m/Y", verbose_name=gettext_lazy("Đăng nhập gần nhất"))

    class Meta:
        model = get_user_model()
        fields = ["username", "full_name", "agency", "email", "is_active", "last_login"]
        order_by = "username"
        empty_text = gettext_lazy("Không có tài khoản nào khớp với bộ lọc.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_is_active(self, record):
        if not record.is_active:
            return format_html('<span class="badge text-bg-secondary">{}</span>', _("Đã khóa"))
        if record.membership.must_change_password:
            return format_html(
                '<span class="badge text-bg-warning">{}</span>', _("Chờ đổi mật khẩu")
            )
        return format_html('<span class="badge text-bg-success">{}</span>', _("Đang hoạt động"))
