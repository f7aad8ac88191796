"""Sở Xây dựng's remediation plan on its weakest criterion of the last published year:
one action overdue and one in progress on whatever day the demo is loaded, so `sxd` has
an action to update and `giamsat` an overdue one to see (illustrative)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from indicators.models import Framework
from inspections import remediation
from inspections.models import ActionUpdate, RemediationAction, RemediationPlan

from .agencies import DemoProvince
from .cycle import Cycle

Status = RemediationAction.Status

# (text, unit, start and due in days from today, status, a dated update (days, text)).
ACTIONS = [
    (
        "Rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính; phân công cán bộ "
        "theo dõi hồ sơ sắp đến hạn hằng tuần.",
        "Văn phòng Sở",
        -75,
        -20,
        Status.IN_PROGRESS,
        (-40, "Đã rà soát 42/61 quy trình nội bộ; còn các thủ tục lĩnh vực quy hoạch."),
    ),
    (
        "Tập huấn cán bộ một cửa về tiếp nhận hồ sơ trực tuyến và số hóa kết quả giải quyết.",
        "Phòng Quản lý hoạt động xây dựng",
        -30,
        45,
        Status.IN_PROGRESS,
        (-7, "Đã tổ chức 1/2 lớp tập huấn cho 26 cán bộ."),
    ),
]


def build_remediation(demo: DemoProvince, cycle: Cycle) -> RemediationPlan | None:
    """The plan, if missing and if Sở Xây dựng has a published year with a weak criterion."""
    agency = demo.agencies["xaydung"]
    framework = Framework.objects.filter(
        group=demo.departments, year=cycle.year - 1, results__agency=agency
    ).first()
    if framework is None or RemediationPlan.objects.filter(agency=agency, framework=framework):
        return None
    weak = remediation.weak_criteria(agency=agency, framework=framework, limit=1)
    if not weak:
        return None
    criterion = weak[0]["criterion"]
    author = get_user_model().objects.filter(username="sxd").first()
    today = timezone.localdate()
    days = datetime.timedelta
    opened = timezone.now() - days(days=80)  # after the publication, before the first action
    plan = RemediationPlan.objects.create(
        agency=agency,
        framework=framework,
        criterion=criterion,
        title=f"Khắc phục tiêu chí {criterion.code} sau công bố Chỉ số CCHC năm {framework.year}",
        created_by=author,
        created_at=opened,
        is_illustrative=True,
    )
    for text, unit, start, due, status, (when, note) in ACTIONS:
        action = RemediationAction.objects.create(
            plan=plan,
            text=text,
            responsible_unit=unit,
            start_date=today + days(start),
            due_date=today + days(due),
            status=status,
        )
        ActionUpdate.objects.create(
            action=action,
            date=today + days(when),
            text=note,
            status_after=status,
            posted_by=author,
        )
    return plan
