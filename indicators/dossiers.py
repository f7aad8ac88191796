"""Dossier (hồ sơ) and procedure (TTHC) statistics: totals, rates and per-period series.

The one place the rate formulas live. Every rate is returned as a `Rate` with its
numerator, denominator and the name of its formula, because provinces divide by
different denominators (domain brief §5.3):

- "766": QĐ 766/QĐ-TTg rule 2.1, (resolved early + on time + in progress within
  deadline) ÷ (carried over + received new). The default.
- "due": Vĩnh Phúc style, (resolved early + on time) ÷ dossiers due, where due =
  resolved (early + on time + late) + in progress already overdue.
- "resolved": Thừa Thiên Huế portal style, (resolved early + on time) ÷ resolved.

The sanity rules of the same figures are in `indicators.dossier_checks`.

Functions accept a `ProcedureStat` or a plain mapping (a form's cleaned_data); an
unreported count (None or missing) is not the same as 0 and never triggers an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, ExpressionWrapper, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models import ProcedureStat

Formula = ProcedureStat.OnTimeFormula

ONLINE_SERVICES_TARGET = Decimal("80")

FORMULA_LABELS = {
    Formula.RULE_766: (
        _(
            "QĐ 766: (giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn) ÷ (kỳ trước "
            "chuyển sang + tiếp nhận mới)"
        )
    ),
    Formula.DUE: _("Đến hạn: (trước hạn + đúng hạn) ÷ (đã giải quyết + đang giải quyết quá hạn)"),
    Formula.RESOLVED: _("Đã giải quyết: (trước hạn + đúng hạn) ÷ tổng số đã giải quyết"),
    "online_submission": _("Tiếp nhận trực tuyến ÷ tiếp nhận mới trong kỳ"),
    "online_services_with_dossiers": _(
        "DVCTT phát sinh hồ sơ ÷ DVCTT được cung cấp (chỉ tiêu 80%)"
    ),
    "digitisation": _("Hồ sơ được số hóa ÷ tiếp nhận mới trong kỳ"),
}

COUNT_FIELDS = [
    f.name
    for f in ProcedureStat._meta.get_fields()
    if getattr(f, "get_internal_type", lambda: "")() == "PositiveIntegerField"
]


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    pct: Decimal  # 4 decimal places, like the PCT model fields
    formula_name: str
    target: Decimal | None = None

    @property
    def formula_label(self) -> str:
        return FORMULA_LABELS.get(self.formula_name, self.formula_name)

    @property
    def meets_target(self) -> bool | None:
        return None if self.target is None else self.pct >= self.target

    def __str__(self):
        return (
            f"{count_text(self.numerator)}/{count_text(self.denominator)} = {pct_text(self.pct)}%"
        )


def count_text(n: int | None) -> str:
    """A count in the active language: 1713 → "1.713" in Vietnamese, "1,713" in English."""
    return "—" if n is None else formats.number_format(n, force_grouping=True)


def pct_text(pct: Decimal | None, places: int = 2) -> str:
    """A rate rounded half up in the active language: 99.8728 → "99,87" / "99.87"."""
    if pct is None:
        return "—"
    rounded = pct.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=places, force_grouping=True)


def reported(source, name):
    """A count of a `ProcedureStat` or of a mapping; None when it is not reported."""
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def reported_sum(source, names) -> int | None:
    """Sum of the reported counts among `names`; None when none of them is reported."""
    values = [reported(source, n) for n in names]
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _make_rate(numerator, denominator, formula_name, target=None) -> Rate | None:
    if numerator is None or not denominator:
        return None
    pct = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    return Rate(int(numerator), int(denominator), pct, str(formula_name), target)


# --- derived totals -------------------------------------------------------------------

RESOLVED = ("resolved_early", "resolved_on_time", "resolved_late")
IN_PROGRESS = ("in_progress_on_time", "in_progress_overdue")
TO_PROCESS = ("carried_over", "received_new")
CHANNELS = ("received_online", "received_in_person", "received_post")


def resolved_total(stat) -> int | None:
    return reported_sum(stat, RESOLVED)


def in_progress_total(stat) -> int | None:
    return reported_sum(stat, IN_PROGRESS)


def to_process_total(stat) -> int | None:
    """Cần giải quyết = kỳ trước chuyển sang + tiếp nhận mới (an unreported carry-over counts 0)."""
    if reported(stat, "received_new") is None:
        return None
    return reported_sum(stat, TO_PROCESS)


# --- rates ----------------------------------------------------------------------------


def on_time_rate(stat, *, formula: str | None = None) -> Rate | None:
    """On-time rate under `formula`, by default the stat's own `on_time_formula` (766 if unset)."""
    formula = formula or reported(stat, "on_time_formula") or Formula.RULE_766
    early_on_time = reported_sum(stat, ("resolved_early", "resolved_on_time"))
    if formula == Formula.RULE_766:
        numerator = reported_sum(
            stat, ("resolved_early", "resolved_on_time", "in_progress_on_time")
        )
        return _make_rate(numerator, to_process_total(stat), Formula.RULE_766)
    if formula == Formula.DUE:
        return _make_rate(
            early_on_time, reported_sum(stat, (*RESOLVED, "in_progress_overdue")), Formula.DUE
        )
    if formula == Formula.RESOLVED:
        return _make_rate(early_on_time, resolved_total(stat), Formula.RESOLVED)
    raise ValueError(f"Unknown on-time formula: {formula!r}")


def online_submission_rate(stat) -> Rate | None:
    return _make_rate(
        reported(stat, "received_online"), reported(stat, "received_new"), "online_submission"
    )


def online_services_rate(stat) -> Rate | None:
    """Share of online services that actually received dossiers, against the 80% target."""
    return _make_rate(
        reported(stat, "online_services_with_dossiers"),
        reported(stat, "online_services_total"),
        "online_services_with_dossiers",
        target=ONLINE_SERVICES_TARGET,
    )


def digitisation_rate(stat) -> Rate | None:
    return _make_rate(reported(stat, "digitised"), reported(stat, "received_new"), "digitisation")


# --- a year from its periods ------------------------------------------------------------

# A year's counts from its quarters (or months): flows add up; a stock is the first
# period's at the start of the year and the last period's at its end.
FLOWS = (*RESOLVED, *CHANNELS, "received_new")
START_STOCKS = ("carried_over",)
END_STOCKS = IN_PROGRESS
# Finest last: a year is made of quarters when it has them, else of months, never both.
PERIOD_TYPES = ("quarter", "month")


def combined_period(stats) -> dict:
    """One period made of consecutive `stats` (same agency, same period type): the counts
    the on-time and online rates read, and the on-time formula of the last period."""
    stats = sorted(stats, key=lambda s: s.period_start)
    combined = {name: reported_sum_over(stats, name) for name in FLOWS}
    combined.update({name: reported(stats[0], name) for name in START_STOCKS})
    combined.update({name: reported(stats[-1], name) for name in END_STOCKS})
    combined["on_time_formula"] = reported(stats[-1], "on_time_formula")
    return combined


def reported_sum_over(stats, name) -> int | None:
    """`name` summed over the periods that report it; None when none does."""
    known = [v for v in (reported(s, name) for s in stats) if v is not None]
    return sum(known) if known else None


def year_stats(stats) -> list[tuple[int, object]]:
    """(agency id, the year's figures) for every agency among `stats` (one year's periods):
    its yearly stat where it reported one, else its quarters (or months) combined, so a year
    reported only by quarter is ranked too (year to date while it is open)."""
    by_agency: dict[int, dict[str, list]] = {}
    for stat in stats:
        by_agency.setdefault(stat.agency_id, {}).setdefault(stat.period_type, []).append(stat)
    figures = []
    for agency_id, periods in by_agency.items():
        if periods.get("year"):
            figures.append((agency_id, periods["year"][0]))
            continue
        kind = next((k for k in PERIOD_TYPES if periods.get(k)), None)
        if kind is not None:
            figures.append((agency_id, combined_period(periods[kind])))
    return figures


def all_rates(stat) -> dict[str, Rate | None]:
    return {
        "on_time": on_time_rate(stat),
        "online": online_submission_rate(stat),
        "online_services": online_services_rate(stat),
        "digitisation": digitisation_rate(stat),
    }


# --- sanity rules ---------------------------------------------------------------------


# --- QuerySet annotations --------------------------------------------------------------
# Mirrors of the Python formulas, for sorting a table by a rate in the database. Tests
# check they agree with `on_time_rate` and friends on every formula.


def _c(*names):
    total = Coalesce(F(names[0]), Value(0))
    for name in names[1:]:
        total = total + Coalesce(F(name), Value(0))
    return total


def _pct(numerator, denominator):
    # Cast first: integer division truncates on SQLite and PostgreSQL alike.
    return ExpressionWrapper(
        Cast(numerator, FloatField())
        * Value(100.0)
        / NullIf(Cast(denominator, FloatField()), Value(0.0)),
        output_field=FloatField(),
    )


def with_rates(queryset):
    """Annotate on_time_num/den/pct, online_num/den/pct (each row's own on-time formula),
    online_services_pct and digitisation_pct."""
    int_field = IntegerField()
    on_time_num = Case(
        When(
            on_time_formula=Formula.RULE_766,
            then=_c("resolved_early", "resolved_on_time", "in_progress_on_time"),
        ),
        default=_c("resolved_early", "resolved_on_time"),
        output_field=int_field,
    )
    on_time_den = Case(
        When(on_time_formula=Formula.RULE_766, then=_c(*TO_PROCESS)),
        When(on_time_formula=Formula.DUE, then=_c(*RESOLVED, "in_progress_overdue")),
        default=_c(*RESOLVED),
        output_field=int_field,
    )
    return queryset.annotate(
        on_time_num=on_time_num,
        on_time_den=on_time_den,
        online_num=F("received_online"),
        online_den=F("received_new"),
    ).annotate(
        on_time_pct=_pct(F("on_time_num"), F("on_time_den")),
        online_pct=_pct(F("online_num"), F("online_den")),
        online_services_pct=_pct(F("online_services_with_dossiers"), F("online_services_total")),
        digitisation_pct=_pct(F("digitised"), F("received_new")),
    )


# --- per-period series (plain data for tables and charts) ------------------------------


def period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """ "2023", "Q3/2021", "09/2021", "Tuần 23/2025" (ISO week) or "01/06/2022–11/11/2022"."""
    if period_type == "week":
        year, week, _ = start.isocalendar()
        return gettext("Tuần %(week)02d/%(year)s") % {"week": week, "year": year}
    if period_type == "year":
        return str(start.year)
    if period_type == "quarter":
        return f"Q{(start.month - 1) // 3 + 1}/{start.year}"
    if period_type == "month":
        return f"{start:%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


OUTCOME_FIELDS = [*RESOLVED, *IN_PROGRESS, "returned_withdrawn", "waiting_supplement"]
SERVICE_LEVEL_FIELDS = ["online_full", "online_partial", "level3", "level4"]


def trend_rows(stats) -> list[dict]:
    """One plain row per period, oldest first: label, the four rates and the raw counts."""
    rows = []
    for stat in sorted(stats, key=lambda s: s.period_start):
        counts = {name: getattr(stat, name) for name in COUNT_FIELDS}
        counts["to_process"] = to_process_total(stat)
        counts["resolved_in_time"] = reported_sum(stat, ("resolved_early", "resolved_on_time"))
        rows.append(
            {
                "label": period_label(stat.period_type, stat.period_start, stat.period_end),
                "period_start": stat.period_start,
                "counts": counts,
                "warnings": list(stat.warnings or []),
                **all_rates(stat),
            }
        )
    return rows
