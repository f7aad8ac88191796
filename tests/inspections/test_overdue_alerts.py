"""The recommendation-overdue alert rule: open N days after the deadline, raised once per
deadline, evaluated daily (frozen clock)."""

import datetime

import time_machine
from django.core import mail

from indicators.models import Alert, AlertRule
from inspections import alerting, tasks
from inspections.models import Recommendation
from tests.factories import RecommendationFactory

DEADLINE = datetime.date(2024, 3, 1)


def _rule(province, days=30):
    return AlertRule.objects.create(province=province, kind="rec_overdue", threshold=days)


def test_a_recommendation_open_n_days_after_its_deadline_is_raised_once(
    visit, agency_a, noivu_staff, reporter, django_capture_on_commit_callbacks
):
    _rule(visit.plan.province, days=30)
    rec = RecommendationFactory(visit=visit, addressee=agency_a, deadline=DEADLINE)
    RecommendationFactory(
        visit=visit,
        addressee=agency_a,
        deadline=DEADLINE,
        status=Recommendation.Status.DONE,
        completed_date=DEADLINE,
    )
    day_29 = DEADLINE + datetime.timedelta(days=29)
    assert alerting.evaluate_overdue_rules(today=day_29) == 0
    day_30 = DEADLINE + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerting.evaluate_overdue_rules(today=day_30) == 1
        assert alerting.evaluate_overdue_rules(today=day_30 + datetime.timedelta(days=1)) == 0
    alert = Alert.objects.get()
    assert alert.agency == agency_a and alert.occurrence == f"rec{rec.pk}:2024-03-01"
    assert "quá hạn 30 ngày" in alert.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([noivu_staff.email, reporter.email])


def test_a_moved_deadline_that_also_passes_is_a_new_occurrence(visit, agency_a):
    _rule(visit.plan.province, days=0)
    rec = RecommendationFactory(visit=visit, addressee=agency_a, deadline=DEADLINE)
    assert alerting.evaluate_overdue_rules(today=DEADLINE + datetime.timedelta(days=1)) == 1
    rec.deadline = datetime.date(2024, 6, 1)
    rec.save()
    assert alerting.evaluate_overdue_rules(today=datetime.date(2024, 6, 2)) == 1
    assert Alert.objects.count() == 2


def test_the_daily_task_uses_today(visit, agency_a):
    _rule(visit.plan.province, days=10)
    RecommendationFactory(visit=visit, addressee=agency_a, deadline=DEADLINE)
    with time_machine.travel(datetime.datetime(2024, 3, 5, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.evaluate_overdue_alerts() == 0
    with time_machine.travel(datetime.datetime(2024, 3, 12, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.evaluate_overdue_alerts() == 1
