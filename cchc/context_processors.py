"""Navigation built from declared entries; an entry whose view does not exist yet is skipped."""

from django.urls import NoReverseMatch, reverse

from agencies.access import READERS, REPORTERS, STAFF, SUPERVISORS, role_of

# (label, url name, roles that see it)
NAV_ENTRIES = [
    ("Tổng quan", "indicators:overview", READERS),
    ("Xếp hạng", "indicators:rankings", READERS),
    ("Báo cáo tự đánh giá", "indicators:report_list", READERS),
    ("Thẩm định", "indicators:appraisal_board", STAFF),
    ("TTHC & hồ sơ", "indicators:procedure_list", READERS),
    ("Chỉ số 766", "indicators:service_index", READERS),
    ("Kiểm tra, giám sát", "inspections:plan_list", READERS),
    ("Kiến nghị", "inspections:recommendation_board", STAFF | SUPERVISORS | REPORTERS),
    ("Nhập dữ liệu", "indicators:import_start", STAFF),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role": None}
    role = role_of(user)
    items = []
    for label, name, roles in NAV_ENTRIES:
        if role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path == url or (url != "/" and request.path.startswith(url))})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "user_role": role, "unread_notifications": unread}
