"""Hà Tĩnh's targets and alert rules, and the alerts they raise on the demo's data.

Illustrative, like the rest of the demo: every sở at 90 % or more, on-time dossiers at 98 %
or more, online dossiers at 50 % or more, every field at 85 %, set for the last published
year and the open one (`demo.cycle`), so the profile shows gaps whatever the day. Alerts
are evaluated here, once the rules exist: Sở Nội vụ and the agencies find them in the bell
and on the alerts page. No e-mail leaves from a demo load.
"""

from decimal import Decimal

from indicators import alerting
from indicators.models import AlertRule, Target, TargetMetric
from inspections.alerting import evaluate_overdue_rules

from .agencies import DemoProvince
from .cycle import Cycle

NOTE = "Kế hoạch CCHC của UBND tỉnh (minh họa)"
GROUP_TARGETS = [
    (TargetMetric.INDEX, "", Decimal("90")),
    (TargetMetric.FIELD, "", Decimal("85")),
    (TargetMetric.ON_TIME, "", Decimal("98")),
    (TargetMetric.ONLINE, "", Decimal("50")),
]
# (kind, threshold, metric)
RULES = [
    (AlertRule.Kind.INDEX_DROP, Decimal("3"), ""),
    (AlertRule.Kind.BAND_DROP, Decimal("1"), ""),
    (AlertRule.Kind.RATE_BELOW, Decimal("98"), TargetMetric.ON_TIME),
    (AlertRule.Kind.RECOMMENDATION_OVERDUE, Decimal("30"), ""),
]


def build_targets(demo: DemoProvince, cycle: Cycle) -> int:
    """Create the missing targets and rules, then raise the alerts not raised yet. Returns
    how many alerts were raised."""
    province, group = demo.province, demo.departments
    years = (cycle.year - 1, cycle.year)
    for year in years:
        for metric, code, value in GROUP_TARGETS:
            Target.objects.get_or_create(
                group=group,
                year=year,
                agency=None,
                metric=metric,
                field_code=code,
                defaults={"province": province, "value": value, "note": NOTE},
            )
    # Sở Xây dựng's own plan for the open year: back to 88 % first (overrides the 90 %).
    Target.objects.get_or_create(
        group=group,
        year=cycle.year,
        agency=demo.agencies["xaydung"],
        metric=TargetMetric.INDEX,
        field_code="",
        defaults={"province": province, "value": Decimal("88"), "note": NOTE},
    )
    for kind, threshold, metric in RULES:
        AlertRule.objects.get_or_create(
            province=province, kind=kind, threshold=threshold, metric=metric, group=None
        )
    raised = sum(
        alerting.evaluate_rules(province_id=province.pk, year=year, email=False) for year in years
    )
    return raised + evaluate_overdue_rules(province_id=province.pk, email=False)
