"""Following recommendations (kiến nghị) to completion.

The addressee posts updates; the body that issued the recommendation (Sở Nội vụ for its
inspections, HĐND for its supervisions) confirms completion. A daily beat task tells both
sides, once, when a recommendation passes its deadline while still open.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership
from agencies.notifying import in_province_language, notify, reporters_of, staff_of
from indicators.rule_sources import Reading

from .models import InspectionKind, InspectionPlan, Recommendation, RecommendationUpdate


class FollowupError(ValueError):
    """A workflow step that the recommendation's current state does not allow."""


def supervisors_of(province_id):
    """Users who act for the HĐND of a province."""
    return get_user_model().objects.filter(
        membership__province_id=province_id,
        membership__role=Membership.Role.SUPERVISOR,
        is_active=True,
    )


def issuers_of(plan: InspectionPlan):
    """Who answers for a plan's recommendations: HĐND supervisors, or Sở Nội vụ staff."""
    if plan.kind == InspectionKind.HDND_SUPERVISION:
        return supervisors_of(plan.province_id)
    return staff_of(plan.province_id)


def _label(recommendation: Recommendation) -> str:
    return _("Kiến nghị “{text}” ({number}) gửi {name}").format(
        text=recommendation.text[:80],
        number=recommendation.visit.plan.number,
        name=recommendation.addressee.name,
    )


@in_province_language
def mark_overdue_recommendations(*, today: datetime.date | None = None) -> int:
    """Notify addressee reporters and the issuer of each newly overdue recommendation.

    `overdue_notified_at` makes this idempotent: a recommendation is announced once, not
    every day. When its deadline is moved into the future the mark is cleared, so a new
    deadline that also passes is announced again. Returns the number announced.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    # Deadline extended after an earlier announcement: re-arm.
    Recommendation.objects.open().filter(
        overdue_notified_at__isnull=False, deadline__gte=today
    ).update(overdue_notified_at=None)
    announced = 0
    # Recipients are read once per agency and per issuing side, not per recommendation.
    reporters: dict[int, list] = {}
    issuers: dict[tuple[int, str], list] = {}
    with transaction.atomic():
        due = (
            Recommendation.objects.overdue(today)
            .filter(overdue_notified_at__isnull=True)
            .select_related("addressee", "visit__plan")
            # A second run at the same time (a redelivered beat task) waits here, then finds
            # the marks set: nobody is told twice. `of` locks the recommendations only.
            .select_for_update(of=("self",))
            .order_by("id")
        )
        for rec in due:
            plan = rec.visit.plan
            if rec.addressee_id not in reporters:
                reporters[rec.addressee_id] = list(reporters_of(rec.addressee_id))
            issuer_key = (plan.province_id, plan.kind == InspectionKind.HDND_SUPERVISION)
            if issuer_key not in issuers:
                issuers[issuer_key] = list(issuers_of(plan))
            users = {u.pk: u for u in reporters[rec.addressee_id] + issuers[issuer_key]}
            notify(
                users=users.values(),
                text=_("{rec} đã quá hạn ({deadline:%d/%m/%Y}) mà chưa hoàn thành.").format(
                    rec=_label(rec), deadline=rec.deadline
                ),
                url=reverse("inspections:recommendation_detail", args=[rec.pk]),
            )
            announced += 1
        Recommendation.objects.filter(pk__in=[r.pk for r in due]).update(overdue_notified_at=now)
    return announced


def post_update(
    *,
    recommendation: Recommendation,
    user,
    text: str,
    status_after: str,
    document_no: str = "",
    document_date: datetime.date | None = None,
    attachment=None,
) -> RecommendationUpdate:
    """Record the addressee's progress. "Done" is a claim until the issuer confirms it."""
    if recommendation.status == Recommendation.Status.DONE:
        raise FollowupError(_("Kiến nghị đã được xác nhận hoàn thành; không thể cập nhật thêm."))
    with transaction.atomic():
        update = RecommendationUpdate.objects.create(
            recommendation=recommendation,
            posted_by=user,
            text=text,
            document_no=document_no,
            document_date=document_date,
            attachment=attachment or "",
            status_after=status_after,
        )
        # Any update means work has started; only the issuer's confirmation makes it done.
        if recommendation.status == Recommendation.Status.NOT_STARTED:
            recommendation.status = Recommendation.Status.IN_PROGRESS
            recommendation.save(update_fields=["status"])
        in_province_language(_announce_update)(recommendation, status_after)
    return update


def confirm_completion(
    *, recommendation: Recommendation, user, completed_date: datetime.date | None = None
) -> Recommendation:
    """The issuing body confirms the recommendation is done; the addressee is told."""
    if recommendation.status == Recommendation.Status.DONE:
        raise FollowupError(_("Kiến nghị này đã được xác nhận hoàn thành trước đó."))
    with transaction.atomic():
        recommendation.status = Recommendation.Status.DONE
        recommendation.completed_date = completed_date or timezone.localdate()
        recommendation.confirmed_by = user
        recommendation.confirmed_at = timezone.now()
        recommendation.save(
            update_fields=["status", "completed_date", "confirmed_by", "confirmed_at"]
        )
        in_province_language(_announce_completion)(recommendation)
    return recommendation


def _announce_update(recommendation: Recommendation, status_after: str) -> None:
    claim = (
        _("báo cáo đã hoàn thành, đề nghị xác nhận")
        if status_after == Recommendation.Status.DONE
        else _("cập nhật tiến độ")
    )
    notify(
        users=issuers_of(recommendation.visit.plan),
        text=f"{recommendation.addressee.name} {claim}: {recommendation.text[:80]}",
        url=reverse("inspections:recommendation_detail", args=[recommendation.pk]),
    )


def _announce_completion(recommendation: Recommendation) -> None:
    notify(
        users=reporters_of(recommendation.addressee_id),
        text=_(
            "{recommendation} đã được xác nhận hoàn thành ngày {completed_date:%d/%m/%Y}."
        ).format(
            recommendation=_label(recommendation), completed_date=recommendation.completed_date
        ),
        url=reverse("inspections:recommendation_detail", args=[recommendation.pk]),
    )


def read_recommendations_on_time(*, criterion, report) -> Reading | None:
    """The share of the agency's recommendations due in the assessed year that were
    completed by their deadline, for a criterion bound to this source. A recommendation
    whose deadline is still ahead and not yet done is not counted either way; None when
    none is due."""
    year, today = report.framework.year, timezone.localdate()
    due = Recommendation.objects.filter(addressee_id=report.agency_id, deadline__year=year).filter(
        Q(deadline__lt=today) | Q(status=Recommendation.Status.DONE)
    )
    total = due.count()
    if not total:
        return None
    on_time = due.filter(
        status=Recommendation.Status.DONE, completed_date__lte=F("deadline")
    ).count()
    rate = Decimal(on_time) * 100 / total
    note = _("Kiến nghị có hạn trong năm %(year)s: %(done)s/%(total)s hoàn thành đúng hạn") % {
        "year": year,
        "done": on_time,
        "total": total,
    }
    return Reading({"rate": rate}, note)
