"""Filtered, paginated, exportable lists: plans, visits and the recommendations board."""

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from agencies.access import READERS, STAFF, SUPERVISORS, RoleRequiredMixin, has_role
from agencies.models import Agency
from indicators.sheets import SheetExportMixin

from ..filters import ActionFilter, PlanFilter, RecommendationFilter, VisitFilter
from ..models import (
    ActionUpdate,
    InspectionPlan,
    Recommendation,
    RemediationAction,
    RemediationPlan,
    Visit,
)
from ..tables import ActionTable, PlanTable, RecommendationTable, VisitTable

OPEN = [Recommendation.Status.NOT_STARTED, Recommendation.Status.IN_PROGRESS]


class _ListView(RoleRequiredMixin, SheetExportMixin, SingleTableMixin, FilterView):
    allowed_roles = READERS
    table_pagination = {"per_page": 25}  # the table paginates; ListView must not count again

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(self.export_trigger_param, None)
        context["querystring"] = query.urlencode()
        context["can_create"] = has_role(self.request.user, STAFF | SUPERVISORS)
        return context


class PlanListView(_ListView):
    table_class = PlanTable
    filterset_class = PlanFilter
    template_name = "inspections/plan_list.html"
    export_name = "ke-hoach-kiem-tra-giam-sat"
    export_title = _("Kế hoạch kiểm tra, giám sát")

    def get_queryset(self):
        visible = InspectionPlan.objects.visible_to(self.request.user).values("pk")
        # Re-select by id so the counts are not skewed by the reporter's visibility join.
        return (
            InspectionPlan.objects.filter(pk__in=visible)
            .annotate(
                visit_count=Count("visits", distinct=True),
                open_count=Count(
                    "visits__recommendations",
                    filter=Q(visits__recommendations__status__in=OPEN),
                    distinct=True,
                ),
            )
            .prefetch_related(
                Prefetch("visits", queryset=Visit.objects.prefetch_related("agencies"))
            )
            .order_by("-date", "-pk")
        )


class VisitListView(_ListView):
    table_class = VisitTable
    filterset_class = VisitFilter
    template_name = "inspections/visit_list.html"
    export_name = "dot-kiem-tra-giam-sat"
    export_title = _("Các đợt kiểm tra, giám sát")

    def get_queryset(self):
        visible = Visit.objects.visible_to(self.request.user).values("pk")
        return (
            Visit.objects.filter(pk__in=visible)
            .select_related("plan")
            .prefetch_related(Prefetch("agencies", queryset=Agency.objects.order_by("name")))
            .annotate(
                finding_count=Count("findings", distinct=True),
                recommendation_count=Count("recommendations", distinct=True),
            )
            .order_by("-date", "-pk")
        )


class RecommendationBoardView(_ListView):
    """Kiến nghị across plans: open / overdue / done, by addressee and issuing body."""

    table_class = RecommendationTable
    filterset_class = RecommendationFilter
    template_name = "inspections/recommendation_board.html"
    export_name = "kien-nghi"
    export_title = _("Kiến nghị sau kiểm tra, giám sát")

    def get_queryset(self):
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("addressee", "visit__plan")
            .prefetch_related("updates")
            .order_by(F("deadline").asc(nulls_last=True), "pk")  # undated ones last
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        counts = Recommendation.objects.visible_to(self.request.user).aggregate(
            open=Count("pk", filter=Q(status__in=OPEN)),
            overdue=Count("pk", filter=Q(status__in=OPEN, deadline__lt=today)),
            done=Count("pk", filter=Q(status=Recommendation.Status.DONE)),
            all=Count("pk"),
        )
        context["tabs"] = [(key, label, counts[key]) for key, label in RecommendationFilter.STATES]
        query = self.request.GET.copy()
        for key in ("page", "state", self.export_trigger_param):
            query.pop(key, None)
        context["tab_querystring"] = query.urlencode()
        context["state"] = (
            self.filterset.form.cleaned_data.get("state") if self.filterset.is_valid() else "open"
        )
        return context


class RemediationBoardView(_ListView):
    """Remediation actions of the plans the reader may see (a reporter: their agency's)."""

    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "inspections/remediation/board.html"
    export_name = "ke-hoach-khac-phuc"
    export_title = _("Kế hoạch khắc phục sau công bố chỉ số CCHC")

    def get_queryset(self):
        plans = RemediationPlan.objects.visible_to(self.request.user)
        return (
            RemediationAction.objects.filter(plan__in=plans)
            .select_related(
                "plan__agency", "plan__framework", "plan__criterion", "plan__recommendation"
            )
            .prefetch_related(
                Prefetch("updates", queryset=ActionUpdate.objects.order_by("date", "pk"))
            )
            .order_by("due_date", "pk")
        )
