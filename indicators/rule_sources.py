"""Points computed from what the product already holds, beside what a person enters.

A leaf criterion with a rule (yes/no, timeliness, % bands, proportional) is scored by
`indicators.scoring.points_for_rule` from an input: the figure of the source it is bound
to (`Criterion.source`: the agency's dossier rates, its 766 index, its recommendations
completed on time, the date its report was sent), else the input stored on its score row.

Each app declares the sources it provides on its AppConfig, as `rule_sources` = {source
key: dotted path of a function(*, criterion, report) -> Reading | None}. Indicators
provides its own; inspections provides the recommendations, since it depends on
indicators and never the reverse.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.utils import formats, timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .dossiers import on_time_rate, online_submission_rate, period_label, year_stats
from .models import AnnualReport, Criterion, ProcedureStat, ServiceIndexScore
from .models.procedures import SERVICE_GROUP_MAXIMA
from .scoring import HUNDRED, RuleResult, points_for_rule
from .service_index import GROUP_LABELS
from .workflow import moment_text, self_deadline

Source = Criterion.Source


@dataclass(frozen=True)
class Reading:
    """A source's figure as a rule reads it, and where it comes from, in words."""

    rule_input: dict
    note: str


@dataclass(frozen=True)
class Computed:
    """The points a leaf's rule gives, for a form to show beside the person's score."""

    source: str  # what the input is: a source's name, or the agency's own entry
    note: str  # the figure, or why there is none
    result: RuleResult | None

    @property
    def points(self) -> Decimal | None:
        return None if self.result is None else self.result.points


def readers() -> dict[str, str]:
    """{source key: dotted path of its reading function} declared by the installed apps."""
    found = {}
    for config in apps.get_app_configs():
        found.update(getattr(config, "rule_sources", {}))
    return found


def compute_points(*, report: AnnualReport, scores) -> dict[int, Computed]:
    """{criterion id: Computed} for the leaves of `report` that a rule scores: bound to a
    source, or with an input on their score row (`scores`, rows with their criterion).
    A source without figures for the agency gives a Computed without a result, which
    says so: the points are missing, not 0."""
    paths = readers()
    computed = {}
    for score in scores:
        criterion = score.criterion
        if criterion.rule_type == Criterion.Rule.MANUAL:
            continue
        if criterion.source:
            reading = None
            if criterion.source in paths:
                reading = import_string(paths[criterion.source])(criterion=criterion, report=report)
            source = criterion.get_source_display()
            if reading is None:
                computed[criterion.pk] = Computed(source, _("Chưa có số liệu."), None)
                continue
            result = points_for_rule(criterion=criterion, rule_input=reading.rule_input)
            computed[criterion.pk] = Computed(source, reading.note, result)
        elif score.rule_input:
            result = points_for_rule(criterion=criterion, rule_input=score.rule_input)
            if result is not None:
                computed[criterion.pk] = Computed(_("Số liệu đơn vị nhập"), "", result)
    return computed


# --- the sources indicators holds -----------------------------------------------------------


def _year_figures(report: AnnualReport):
    """The agency's dossier figures of the assessed year: its yearly row, else its quarters
    (or months) so far, combined, and the words saying which; (None, "") without any."""
    stats = ProcedureStat.objects.filter(agency_id=report.agency_id, year=report.framework.year)
    figures = year_stats(list(stats))
    if not figures:
        return None, ""
    figure = figures[0][1]
    if isinstance(figure, ProcedureStat):
        return figure, _("Năm %(year)s") % {"year": report.framework.year}
    return figure, _("Năm %(year)s, cộng các kỳ đã có") % {"year": report.framework.year}


# Short names of the on-time formulas (`indicators.dossiers.FORMULA_LABELS` spells them out).
ON_TIME_FORMULAS = {
    ProcedureStat.OnTimeFormula.RULE_766: gettext_lazy("đúng hạn theo QĐ 766"),
    ProcedureStat.OnTimeFormula.DUE: gettext_lazy("đúng hạn trên hồ sơ đến hạn"),
    ProcedureStat.OnTimeFormula.RESOLVED: gettext_lazy("đúng hạn trên hồ sơ đã giải quyết"),
}


def read_dossiers_on_time(*, criterion: Criterion, report: AnnualReport) -> Reading | None:
    figure, where = _year_figures(report)
    rate = None if figure is None else on_time_rate(figure)
    if rate is None:
        return None
    name = ON_TIME_FORMULAS.get(rate.formula_name, rate.formula_label)
    return Reading({"rate": rate.pct}, f"{where}, {name}: {rate}")


def read_dossiers_online(*, criterion: Criterion, report: AnnualReport) -> Reading | None:
    figure, where = _year_figures(report)
    rate = None if figure is None else online_submission_rate(figure)
    if rate is None:
        return None
    return Reading({"rate": rate.pct}, f"{where}, {_('tiếp nhận trực tuyến')}: {rate}")


def read_service_index(*, criterion: Criterion, report: AnnualReport) -> Reading | None:
    """The agency's 766 index of the year (its yearly score, else its latest period), as a
    percentage of 100 points, or of one group's maximum (params {"part": "satisfaction"})."""
    scores = ServiceIndexScore.objects.filter(
        agency_id=report.agency_id, period_start__year=report.framework.year
    )
    score = scores.filter(period_type="year").first() or scores.order_by("-period_start").first()
    if score is None:
        return None
    part = (criterion.source_params or {}).get("part")
    period = period_label(score.period_type, score.period_start, score.period_end)
    if part in SERVICE_GROUP_MAXIMA:
        value, maximum = getattr(score, part), Decimal(SERVICE_GROUP_MAXIMA[part])
        label = _(GROUP_LABELS[part])
    else:
        value, maximum, label = score.total, HUNDRED, _("tổng điểm")
    rate = value * HUNDRED / maximum
    note = _("Chỉ số 766 kỳ %(period)s, %(label)s: %(value)s/%(maximum)s điểm") % {
        "period": period,
        "label": label,
        "value": formats.number_format(value, decimal_pos=2, use_l10n=True),
        "maximum": formats.number_format(maximum, decimal_pos=0, use_l10n=True),
    }
    return Reading({"rate": rate}, note)


def read_report_submission(*, criterion: Criterion, report: AnnualReport) -> Reading | None:
    """On time when the report was sent by its deadline (an extension counts), late after
    it; missing when the deadline passed unsent; nothing yet while it is still ahead."""
    deadline = self_deadline(report)
    sent = report.submitted_at
    if deadline is None:
        return None
    due = _("hạn %(deadline)s") % {"deadline": moment_text(deadline)}
    if sent is None:
        # Before the deadline nothing is known yet: no input, so no points.
        status = {} if timezone.now() <= deadline else {"status": "missing"}
        return Reading(status, _("Chưa gửi báo cáo, %(due)s") % {"due": due})
    status = "on_time" if sent <= deadline else "late"
    note = _("Gửi lúc %(sent)s, %(due)s") % {"sent": moment_text(sent), "due": due}
    return Reading({"status": status}, note)
