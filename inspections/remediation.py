"""Remediation plans: opening one after publication, its actions and their updates, the
overdue reminders, and what the profile and the council brief show.

A plan answers a weak criterion of a published year, or a recommendation. Sở Nội vụ or the
agency's reporter opens it and keeps it; HĐND supervisors read it. A daily beat task tells
the agency's reporters and Sở Nội vụ, once per action and overdue occurrence, when an
action passes its due date while not done.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.notifying import in_province_language, notify, reporters_of, staff_of
from indicators.models import AnnualReport, CriterionScore, Framework, IndexResult

from .models import ActionUpdate, RemediationAction, RemediationPlan

Status = RemediationAction.Status
# Weak criteria offered when opening a plan: the leaves that lost most points, this many.
WEAK_CRITERIA = 15


class RemediationError(ValueError):
    """A step the plan or action does not allow now; the message says why, in Vietnamese."""


# --- Opening a plan ---------------------------------------------------------------------------


def published_frameworks(*, agency) -> list[Framework]:
    """The frameworks (years) whose result of `agency` is published, newest first."""
    return list(
        Framework.objects.filter(results__agency=agency, results__is_published=True).order_by(
            "-year", "group__order"
        )
    )


def weak_criteria(*, agency, framework, limit: int = WEAK_CRITERIA) -> list[dict]:
    """The agency's applicable leaf criteria that lost points in `framework`, most lost
    first: {"criterion", "max", "points", "lost"}."""
    rows = (
        CriterionScore.objects.with_points()
        .filter(report__agency=agency, report__framework=framework, not_applicable=False)
        .select_related("criterion")
    )
    weak = []
    for score in rows:
        lost = score.criterion.max_points - (score.points or Decimal(0))
        if lost > 0:
            weak.append(
                {
                    "criterion": score.criterion,
                    "max": score.criterion.max_points,
                    "points": score.points,
                    "lost": lost,
                }
            )
    weak.sort(key=lambda r: (-r["lost"], r["criterion"].order))
    return weak[:limit]


def open_plan(
    *, agency, framework, user, title: str, criterion=None, recommendation=None
) -> RemediationPlan:
    """Open a plan on a weak criterion or a recommendation of `agency`, once the year's
    result is published; Sở Nội vụ is told when the agency opens one."""
    if criterion is None and recommendation is None:
        raise RemediationError(_("Chọn tiêu chí hoặc kiến nghị cần khắc phục."))
    published = (
        IndexResult.objects.filter(framework=framework, agency=agency, is_published=True).exists()
        or AnnualReport.objects.filter(
            framework=framework, agency=agency, status=AnnualReport.Status.PUBLISHED
        ).exists()
    )
    if not published:
        raise RemediationError(
            _(
                "Kết quả năm %(year)s của %(agency)s chưa công bố: "
                "kế hoạch khắc phục được lập sau khi công bố."
            )
            % {"year": framework.year, "agency": agency.name}
        )
    if criterion is not None and criterion.framework_id != framework.pk:
        raise RemediationError(
            _("Tiêu chí %(code)s không thuộc bộ chỉ số năm đã chọn.") % {"code": criterion.code}
        )
    if recommendation is not None and recommendation.addressee_id != agency.pk:
        raise RemediationError(_("Kiến nghị đã chọn không gửi đơn vị này."))
    with transaction.atomic():
        plan = RemediationPlan.objects.create(
            agency=agency,
            framework=framework,
            criterion=criterion,
            recommendation=recommendation,
            title=title,
            created_by=user,
        )
        in_province_language(notify_plan)(plan, user=user)
    return plan


def add_action(*, plan: RemediationPlan, **fields) -> RemediationAction:
    if fields["due_date"] < fields["start_date"]:
        raise RemediationError(_("Thời hạn không được trước ngày bắt đầu."))
    return RemediationAction.objects.create(plan=plan, **fields)


def update_action(
    *,
    action: RemediationAction,
    user,
    version: int,
    date: datetime.date,
    text: str,
    status_after: str,
    evidence=None,
    due_date: datetime.date | None = None,
) -> ActionUpdate:
    """Post a dated update (and its evidence) and move the action to `status_after`; a
    new due date re-arms the overdue reminder. Refused when someone else saved the action
    after `version` was read."""
    if due_date is not None and due_date < action.start_date:
        raise RemediationError(_("Thời hạn mới không được trước ngày bắt đầu."))
    with transaction.atomic():
        current = (
            RemediationAction.objects.select_related("plan__agency")
            .select_for_update(of=("self",))
            .get(pk=action.pk)
        )
        if current.version != version:
            raise RemediationError(
                _(
                    "Hành động này vừa được người khác cập nhật; tải lại trang để xem thay "
                    "đổi trước khi cập nhật tiếp."
                )
            )
        update = ActionUpdate.objects.create(
            action=current,
            date=date,
            text=text,
            status_after=status_after,
            evidence=evidence or "",
            original_name=evidence.name[:255] if evidence else "",
            posted_by=user,
        )
        finished = status_after == Status.DONE and current.status != Status.DONE
        current.status = status_after
        current.completed_date = date if status_after == Status.DONE else None
        if due_date is not None and due_date != current.due_date:
            current.due_date = due_date
            current.overdue_notified_at = None
        current.version += 1
        current.save()
        if finished:  # Sở Nội vụ reviews what the agency reports done
            in_province_language(notify_done)(current, user=user)
    action.refresh_from_db()
    return update


def notify_plan(plan: RemediationPlan, *, user) -> None:
    notify(
        users=staff_of(plan.agency.province_id).exclude(pk=user.pk),
        text=_("{name} có kế hoạch khắc phục mới: {title}").format(
            name=plan.agency.name, title=plan.title[:80]
        ),
        url=plan.get_absolute_url(),
    )


def notify_done(action: RemediationAction, *, user) -> None:
    agency = action.plan.agency
    notify(
        users=staff_of(agency.province_id).exclude(pk=user.pk),
        text=_("{name} báo hoàn thành hành động khắc phục: {text}").format(
            name=agency.name, text=action.text[:80]
        ),
        url=action.plan.get_absolute_url(),
    )


# --- Overdue reminders ------------------------------------------------------------------------


@in_province_language
def mark_overdue_actions(*, today: datetime.date | None = None) -> int:
    """Remind the agency's reporters and Sở Nội vụ of each newly overdue action, once per
    action and overdue occurrence (`overdue_notified_at`); a due date moved into the future
    re-arms it. Returns the number of actions announced."""
    today = today or timezone.localdate()
    RemediationAction.objects.open().filter(
        overdue_notified_at__isnull=False, due_date__gte=today
    ).update(overdue_notified_at=None)
    announced = 0
    recipients: dict[int, dict] = {}
    with transaction.atomic():
        due = (
            RemediationAction.objects.overdue(today)
            .filter(overdue_notified_at__isnull=True)
            .select_related("plan__agency")
            # A redelivered beat task waits here, then finds the marks set.
            .select_for_update(of=("self",))
            .order_by("id")
        )
        for action in due:
            agency = action.plan.agency
            if agency.pk not in recipients:
                users = [*reporters_of(agency.pk), *staff_of(agency.province_id)]
                recipients[agency.pk] = {u.pk: u for u in users}
            notify(
                users=recipients[agency.pk].values(),
                text=(
                    _(
                        "Hành động khắc phục “{text}” của {name} đã quá hạn ({due_date:%d/%m/%Y}) "
                        "mà chưa hoàn thành."
                    ).format(text=action.text[:80], name=agency.name, due_date=action.due_date)
                ),
                url=reverse("inspections:remediation_detail", args=[action.plan_id]),
                subject=_("[CCHC] Hành động khắc phục quá hạn"),
            )
            announced += 1
        RemediationAction.objects.filter(pk__in=[a.pk for a in due]).update(
            overdue_notified_at=timezone.now()
        )
    return announced


# --- Reading ----------------------------------------------------------------------------------


def with_actions(plans):
    """`plans` with their criterion, recommendation and actions (and the actions' updates)
    read in a fixed number of queries, and open/overdue counts."""
    today = timezone.localdate()
    return (
        plans.select_related("agency", "framework", "criterion", "recommendation")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=RemediationAction.objects.order_by("due_date", "pk").prefetch_related(
                    Prefetch("updates", queryset=ActionUpdate.objects.order_by("date", "pk"))
                ),
            )
        )
        .annotate(
            open_actions=Count("actions", filter=~Q(actions__status=Status.DONE)),
            overdue_actions=Count(
                "actions", filter=~Q(actions__status=Status.DONE) & Q(actions__due_date__lt=today)
            ),
        )
    )


def agency_plans(*, agency) -> dict:
    """The agency's plans, newest first, and the counts the profile and the brief print."""
    plans = list(with_actions(RemediationPlan.objects.filter(agency=agency)))
    return {
        "plans": plans,
        "open": sum(p.open_actions for p in plans),
        "overdue": sum(p.overdue_actions for p in plans),
        "today": timezone.localdate(),
    }


def open_actions(*, agency, limit: int) -> dict:
    """The agency's actions not done, overdue first then by due date: the first `limit`
    with their plan, how many in all and how many overdue (for the council brief)."""
    today = timezone.localdate()
    pending = RemediationAction.objects.filter(plan__agency=agency).open()
    rows = list(pending.select_related("plan__criterion").order_by("due_date", "pk")[:limit])
    total = pending.count() if len(rows) == limit else len(rows)
    return {
        "rows": rows,
        "total": total,
        "overdue": pending.filter(due_date__lt=today).count(),
        "more": total - len(rows),
    }
