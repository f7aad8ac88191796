"""The recommendation-overdue alert rule: a kiến nghị still open N days after its deadline.

It lives here because recommendations are this app's and `indicators` must not import
`inspections`; the alert itself is raised through `indicators.alerting.raise_alert`, like
every other rule's. Run daily by the beat task `inspections.tasks.evaluate_overdue_alerts`.
A moved deadline is a new occurrence (the deadline is part of its key).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.alerting import Finding, raise_alert
from indicators.models import AlertRule

from .models import Recommendation


def overdue_findings(rule: AlertRule, *, today: datetime.date) -> list[Finding]:
    """Open recommendations of the rule's province whose deadline passed `threshold` days
    or more before `today`."""
    cutoff = today - datetime.timedelta(days=int(rule.threshold))
    late = (
        Recommendation.objects.open()
        .filter(visit__plan__province_id=rule.province_id, deadline__isnull=False)
        .filter(deadline__lte=cutoff, deadline__lt=today)
        .select_related("addressee")
        .order_by("deadline", "pk")
    )
    if rule.group_id:
        late = late.filter(addressee__group_id=rule.group_id)
    return [
        Finding(
            rec.addressee_id,
            f"rec{rec.pk}:{rec.deadline.isoformat()}",
            _(
                "%(agency)s: kiến nghị “%(text)s” quá hạn %(days)s ngày (hạn %(deadline)s) "
                "mà chưa hoàn thành."
            )
            % {
                "agency": rec.addressee.name,
                "text": rec.text[:80],
                "days": (today - rec.deadline).days,
                "deadline": f"{rec.deadline:%d/%m/%Y}",
            },
        )
        for rec in late
    ]


def evaluate_overdue_rules(
    *, today: datetime.date | None = None, province_id: int | None = None, email: bool = True
) -> int:
    """Raise the overdue alerts of every active rule (of one province if given); returns
    how many were raised. Idempotent: an occurrence already raised is not raised again."""
    today = today or timezone.localdate()
    rules = AlertRule.objects.active().filter(kind=AlertRule.Kind.RECOMMENDATION_OVERDUE)
    if province_id is not None:
        rules = rules.filter(province_id=province_id)
    raised = 0
    for rule in rules.select_related("province"):
        for finding in overdue_findings(rule, today=today):
            raised += raise_alert(rule=rule, finding=finding, email=email) is not None
    return raised
