"""The follow-up workflow: overdue from the deadline, one announcement, updates and confirmation."""

import datetime

import pytest
import time_machine

from agencies.models import Notification
from inspections import followup, tasks
from inspections.models import Recommendation, RecommendationUpdate

pytestmark = pytest.mark.django_db


def test_overdue_is_computed_from_the_deadline_with_a_frozen_clock(rec_a):
    with time_machine.travel(
        datetime.datetime(2023, 12, 31, 23, 0, tzinfo=datetime.UTC)
    ):  # 06:00 on 1/1 in Hà Nội
        assert rec_a.is_overdue()
        assert list(Recommendation.objects.overdue()) == [rec_a]
    with time_machine.travel(
        datetime.datetime(2023, 12, 31, 16, 0, tzinfo=datetime.UTC)
    ):  # 23:00 on 31/12
        assert not rec_a.is_overdue()
        assert not Recommendation.objects.overdue().exists()


def test_done_and_undated_recommendations_are_never_overdue(rec_a, rec_b):
    rec_a.status, rec_a.completed_date = Recommendation.Status.DONE, datetime.date(2023, 11, 1)
    rec_a.save()
    rec_b.deadline = None
    rec_b.save()
    with time_machine.travel(datetime.date(2025, 1, 1)):
        assert not rec_a.is_overdue() and not rec_b.is_overdue()
        assert not Recommendation.objects.overdue().exists()


def test_daily_task_notifies_addressee_and_issuer_once(
    rec_a, reporter, other_reporter, noivu_staff, supervisor
):
    with time_machine.travel(datetime.date(2024, 1, 2)):
        assert tasks.mark_overdue_recommendations.delay().get() == 1
    rec_a.refresh_from_db()
    assert rec_a.overdue_notified_at is not None
    recipients = set(Notification.objects.values_list("user__username", flat=True))
    assert recipients == {reporter.username, noivu_staff.username}  # not agency B, not HĐND
    assert "quá hạn" in Notification.objects.first().text

    with time_machine.travel(datetime.date(2024, 1, 3)):
        assert tasks.mark_overdue_recommendations.delay().get() == 0
    assert Notification.objects.count() == 2


def test_hdnd_recommendation_overdue_notifies_supervisors(
    hdnd_rec, reporter, noivu_staff, supervisor
):
    with time_machine.travel(datetime.date(2024, 7, 1)):
        assert followup.mark_overdue_recommendations() == 1
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        reporter.username,
        supervisor.username,
    }


def test_extended_deadline_is_announced_again_when_it_passes(rec_a, reporter, noivu_staff):
    with time_machine.travel(datetime.date(2024, 1, 2)):
        followup.mark_overdue_recommendations()
    rec_a.deadline = datetime.date(2024, 3, 31)
    rec_a.save()
    with time_machine.travel(datetime.date(2024, 2, 1)):
        assert followup.mark_overdue_recommendations() == 0
    rec_a.refresh_from_db()
    assert rec_a.overdue_notified_at is None
    with time_machine.travel(datetime.date(2024, 4, 1)):
        assert followup.mark_overdue_recommendations() == 1
    assert Notification.objects.count() == 4


def test_task_does_not_announce_recommendations_not_yet_due(rec_a, reporter):
    with time_machine.travel(datetime.date(2023, 12, 31)):
        assert followup.mark_overdue_recommendations() == 0
    assert not Notification.objects.exists()


def test_posting_an_update_moves_to_in_progress_and_tells_the_issuer(rec_a, reporter, noivu_staff):
    followup.post_update(
        recommendation=rec_a,
        user=reporter,
        text="Đã ban hành kế hoạch khắc phục",
        status_after=Recommendation.Status.IN_PROGRESS,
        document_no="112/KH-SXD",
    )
    rec_a.refresh_from_db()
    assert rec_a.status == Recommendation.Status.IN_PROGRESS
    assert RecommendationUpdate.objects.get().document_no == "112/KH-SXD"
    assert Notification.objects.get().user == noivu_staff


def test_reported_done_awaits_confirmation_until_the_issuer_confirms(rec_a, reporter, noivu_staff):
    followup.post_update(
        recommendation=rec_a,
        user=reporter,
        text="Hoàn thành",
        status_after=Recommendation.Status.DONE,
    )
    rec_a.refresh_from_db()
    assert rec_a.status == Recommendation.Status.IN_PROGRESS
    assert rec_a.awaiting_confirmation

    followup.confirm_completion(
        recommendation=rec_a, user=noivu_staff, completed_date=datetime.date(2023, 11, 20)
    )
    rec_a.refresh_from_db()
    assert rec_a.status == Recommendation.Status.DONE
    assert rec_a.completed_date == datetime.date(2023, 11, 20)
    assert rec_a.confirmed_by == noivu_staff
    assert Notification.objects.filter(user=reporter).exists()
    with pytest.raises(followup.FollowupError):
        followup.confirm_completion(recommendation=rec_a, user=noivu_staff)
    with pytest.raises(followup.FollowupError):
        followup.post_update(
            recommendation=rec_a, user=reporter, text="x", status_after="in_progress"
        )
