"""Navigation built from declared entries; an entry whose view does not exist yet is skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from agencies.access import NATIONAL, READERS, REPORTERS, STAFF, SUPERVISORS, role_of
from agencies.models import Membership, Notification

# (label, url name, roles that see it). Labels carry the "menu" context: the bar must keep
# one line at 1440 px, so their English is shorter than the same words in a heading.
NAV_ENTRIES = [
    (pgettext_lazy("menu", "Toàn quốc"), "national:ranking", NATIONAL),
    (pgettext_lazy("menu", "Tổng quan"), "indicators:overview", READERS),
    (pgettext_lazy("menu", "Xếp hạng"), "indicators:rankings", READERS),
    (pgettext_lazy("menu", "Tự đánh giá"), "indicators:report_list", READERS),
    (pgettext_lazy("menu", "Thẩm định"), "indicators:appraisal_board", STAFF),
    (pgettext_lazy("menu", "TTHC & hồ sơ"), "indicators:procedure_list", READERS),
    (pgettext_lazy("menu", "Chỉ số 766"), "indicators:service_index", READERS),
    (pgettext_lazy("menu", "Kiểm tra, giám sát"), "inspections:plan_list", READERS),
    (
        pgettext_lazy("menu", "Kiến nghị"),
        "inspections:recommendation_board",
        STAFF | SUPERVISORS | REPORTERS,
    ),
    (pgettext_lazy("menu", "Nhập dữ liệu"), "indicators:import_start", STAFF),
    (pgettext_lazy("menu", "Tài khoản"), "agencies:account_list", STAFF),
]


def _entries() -> list[tuple]:
    """The menu entries whose view exists, with their URLs."""
    entries = []
    for label, name, roles in NAV_ENTRIES:
        try:
            entries.append((label, reverse(name), roles))
        except NoReverseMatch:
            continue
    return entries


def _build(request):
    user = request.user
    role = role_of(user)
    items = [
        {"label": label, "url": url, "active": False}
        for label, url, roles in _entries()
        if role in roles
    ]
    # Highlight only the longest matching prefix ("/kiem-tra/kien-nghi/" is not also "/kiem-tra/").
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    membership = Membership.for_user(user)
    return {
        "nav_items": items,
        "user_role": role,
        "membership": membership,
        "unread_notifications": Notification.unread_count(user),
        # A reader of every province picks the one whose pages they look at.
        "scope_provinces": (
            membership.switchable_provinces()
            if membership is not None and membership.sees_every_province
            else None
        ),
    }


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role": None}
    # Templates rendered inside a page (tables, partials) run context processors again:
    # compute once per request.
    if not hasattr(request, "_cchc_navigation"):
        request._cchc_navigation = _build(request)
    return request._cchc_navigation
