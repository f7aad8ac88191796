"""Targets (entered by Sở Nội vụ), threshold alerts, and the profile's panel of both."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from agencies.access import READERS, STAFF, RoleRequiredMixin, has_role, role_required
from agencies.models import Agency, Membership, Province, Submission
from indicators import alerting, targets
from indicators.filters.targets import AlertFilter, TargetFilter
from indicators.forms.targets import AlertRuleForm, TargetForm
from indicators.models import Alert, AlertRule, IndexResult, Target
from indicators.profiles import default_year
from indicators.selection import int_or_none
from indicators.tables.targets import AlertRuleTable, AlertTable, TargetTable

ALREADY_SENT = gettext_lazy("Mục tiêu này đã được lưu; lần gửi lặp lại không ghi thêm gì.")


class TargetListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    allowed_roles = STAFF
    table_class = TargetTable
    filterset_class = TargetFilter
    template_name = "indicators/targets/list.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return Target.objects.visible_to(self.request.user).select_related("group", "agency")


def _province(user) -> Province:
    """The province whose targets `user` enters: their own (a national admin has none)."""
    membership = Membership.for_user(user)
    province = membership.province if membership is not None else None
    if province is None:
        province = Province.objects.filter(
            pk__in=Agency.objects.visible_to(user).values("province_id")
        ).first()
    return get_object_or_404(Province.objects.all(), pk=getattr(province, "pk", None))


def _edit(request, target: Target | None):
    province = target.province if target else _province(request.user)
    if request.method == "POST" and target is None and Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect("indicators:target_list")
    form = TargetForm(request.POST or None, instance=target, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if target is None and not Submission.claim(request):
                    messages.info(request, ALREADY_SENT)
                    return redirect("indicators:target_list")
                saved = targets.save_target(
                    target=form.instance,
                    user=request.user,
                    expected_version=form.cleaned_data.get("version"),
                )
        except targets.StaleTarget:
            form.add_error(
                None,
                _("Mục tiêu vừa được người khác sửa sau khi bạn mở trang; hãy mở lại để xem."),
            )
        except IntegrityError:  # the same target saved meanwhile by another request
            form.add_error(None, _("Mục tiêu này vừa được lưu ở một lượt gửi khác; hãy mở lại."))
        else:
            messages.success(request, _("Đã lưu mục tiêu: %(t)s.") % {"t": saved})
            return redirect("indicators:target_list")
    return render(request, "indicators/targets/form.html", {"form": form, "target": target})


@role_required(STAFF)
def target_new(request):
    return _edit(request, None)


@role_required(STAFF)
def target_edit(request, target_id):
    target = get_object_or_404(Target.objects.visible_to(request.user), pk=target_id)
    return _edit(request, target)


@role_required(STAFF)
def target_delete(request, target_id):
    """A confirmation page; the POST deletes."""
    target = get_object_or_404(
        Target.objects.visible_to(request.user).select_related("group", "agency"), pk=target_id
    )
    if request.method == "POST":
        targets.delete_target(target=target)
        messages.success(request, _("Đã xóa mục tiêu."))
        return redirect("indicators:target_list")
    return render(request, "indicators/targets/delete.html", {"target": target})


class AlertListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    """Current alerts first; filter by rule, agency and status (unhandled by default)."""

    allowed_roles = READERS
    table_class = AlertTable
    filterset_class = AlertFilter
    template_name = "indicators/targets/alerts.html"
    table_pagination = {"per_page": 25}

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "status" not in self.request.GET:
            given = kwargs["data"].dict() if kwargs["data"] else {}
            kwargs["data"] = {**given, "status": "current"}
        return kwargs

    def get_queryset(self):
        return Alert.objects.visible_to(self.request.user).select_related(
            "rule", "rule__province", "agency"
        )

    def get_table_kwargs(self):
        return {
            "can_acknowledge": has_role(self.request.user, STAFF),
            "csrf_token": get_token(self.request),
        }


@role_required(STAFF)
@require_POST
def alert_acknowledge(request, alert_id):
    alert = get_object_or_404(Alert.objects.visible_to(request.user), pk=alert_id)
    if alerting.acknowledge(alert=alert, user=request.user):
        messages.success(request, _("Đã đánh dấu cảnh báo là đã xử lý."))
    else:
        messages.info(request, _("Cảnh báo này đã được đánh dấu xử lý trước đó."))
    return redirect("indicators:alert_list")


class AlertRuleListView(RoleRequiredMixin, SingleTableMixin, ListView):
    allowed_roles = STAFF
    table_class = AlertRuleTable
    template_name = "indicators/targets/rules.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        membership = Membership.for_user(self.request.user)
        rules = membership.in_province(AlertRule.objects.all())
        open_alerts = Count("alerts", filter=Q(alerts__acknowledged_at__isnull=True))
        return rules.select_related("group").annotate(open_alerts=open_alerts)


RULE_SENT = gettext_lazy("Quy tắc này đã được lưu; lần gửi lặp lại không ghi thêm gì.")


def _edit_rule(request, rule: AlertRule | None):
    province = rule.province if rule else _province(request.user)
    if request.method == "POST" and rule is None and Submission.spent(request):
        messages.info(request, RULE_SENT)
        return redirect("indicators:alert_rule_list")
    form = AlertRuleForm(request.POST or None, instance=rule, province=province)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if rule is None and not Submission.claim(request):
                messages.info(request, RULE_SENT)
                return redirect("indicators:alert_rule_list")
            saved = form.save()
        messages.success(request, _("Đã lưu quy tắc: %(rule)s.") % {"rule": saved.label})
        return redirect("indicators:alert_rule_list")
    return render(request, "indicators/targets/rule_form.html", {"form": form, "rule": rule})


@role_required(STAFF)
def alert_rule_new(request):
    return _edit_rule(request, None)


@role_required(STAFF)
def alert_rule_edit(request, rule_id):
    membership = Membership.for_user(request.user)
    rule = get_object_or_404(membership.in_province(AlertRule.objects.all()), pk=rule_id)
    return _edit_rule(request, rule)


@role_required(READERS)
def agency_targets_panel(request, agency_id):
    """HTML fragment for the agency profile: its gaps to target and its current alerts (the
    alerts only for a reader of the agency's own records)."""
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
    results = list(IndexResult.objects.filter(agency=agency).select_related("framework"))
    year = int_or_none(request.GET.get("year"))
    if year not in {r.framework.year for r in results}:
        year = default_year(results)
    result = next((r for r in results if year and r.framework.year == year), None)
    membership = Membership.for_user(request.user)
    reads = membership is not None and membership.reads_records_of(agency.pk)
    # The year shown's alerts, and those of no year (an overdue recommendation).
    current = (
        Alert.objects.current().filter(agency=agency).filter(Q(year=year) | Q(year__isnull=True))
    )
    alerts = list(current.select_related("rule")[:10]) if reads else None
    context = {
        "agency": agency,
        "year": year,
        "gaps": targets.agency_gaps(agency=agency, year=year, result=result),
        "alerts": alerts,
    }
    return render(request, "indicators/targets/_agency_panel.html", context)
