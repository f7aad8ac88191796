"""Dossier (hồ sơ) and procedure (TTHC) statistics: sanity rules and rates.

The one place the rate formulas live. Every rate is returned as a `Rate` with its
numerator, denominator and the name of its formula, because provinces divide by
different denominators (domain brief §5.3):

- "766": QĐ 766/QĐ-TTg rule 2.1, (resolved early + on time + in progress within
  deadline) ÷ (carried over + received new). The default.
- "due": Vĩnh Phúc style, (resolved early + on time) ÷ dossiers due, where due =
  resolved (early + on time + late) + in progress already overdue.
- "resolved": Thừa Thiên Huế portal style, (resolved early + on time) ÷ resolved.

Sanity rules (domain brief §5.4): parts exceeding their whole are errors naming the
fields; parts falling short are warnings, since real published tables leave categories
out (Lâm Đồng Q1/2020 leaves 7.059 district dossiers unexplained).

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

from indicators.models import ProcedureStat

Formula = ProcedureStat.OnTimeFormula

# Legacy service levels (mức 3/4, NĐ 43/2011) gave way to toàn trình/một phần on this day
# (NĐ 42/2022/NĐ-CP, Art. 11). Both are kept; entering the wrong one for a period warns.
NEW_TAXONOMY_FROM = datetime.date(2022, 8, 15)

ONLINE_SERVICES_TARGET = Decimal("80")

FORMULA_LABELS = {
    Formula.RULE_766: "QĐ 766: (giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn) ÷ (kỳ trước chuyển sang + tiếp nhận mới)",
    Formula.DUE: "Đến hạn: (trước hạn + đúng hạn) ÷ (đã giải quyết + đang giải quyết quá hạn)",
    Formula.RESOLVED: "Đã giải quyết: (trước hạn + đúng hạn) ÷ tổng số đã giải quyết",
    "online_submission": "Tiếp nhận trực tuyến ÷ tiếp nhận mới trong kỳ",
    "online_services_with_dossiers": "DVCTT phát sinh hồ sơ ÷ DVCTT được cung cấp (chỉ tiêu 80%)",
    "digitisation": "Hồ sơ được số hóa ÷ tiếp nhận mới trong kỳ",
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
        return f"{vn_number(self.numerator)}/{vn_number(self.denominator)} = {vn_pct(self.pct)}%"


def vn_number(n: int | None) -> str:
    """1713 → "1.713", the Vietnamese thousands separator."""
    return "—" if n is None else f"{n:,}".replace(",", ".")


def vn_pct(pct: Decimal | None, places: int = 2) -> str:
    """99.8728 → "99,87"."""
    if pct is None:
        return "—"
    return f"{pct.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}".replace(".", ",")


def _get(source, name):
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _sum(source, names) -> int | None:
    """Sum of the reported counts among `names`; None when none of them is reported."""
    values = [_get(source, n) for n in names]
    reported = [v for v in values if v is not None]
    return sum(reported) if reported else None


def _label(name: str) -> str:
    return ProcedureStat._meta.get_field(name).verbose_name


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
    return _sum(stat, RESOLVED)


def in_progress_total(stat) -> int | None:
    return _sum(stat, IN_PROGRESS)


def to_process_total(stat) -> int | None:
    """Cần giải quyết = kỳ trước chuyển sang + tiếp nhận mới (an unreported carry-over counts 0)."""
    if _get(stat, "received_new") is None:
        return None
    return _sum(stat, TO_PROCESS)


# --- rates ----------------------------------------------------------------------------


def on_time_rate(stat, *, formula: str | None = None) -> Rate | None:
    """On-time rate under `formula`, by default the stat's own `on_time_formula` (766 if unset)."""
    formula = formula or _get(stat, "on_time_formula") or Formula.RULE_766
    early_on_time = _sum(stat, ("resolved_early", "resolved_on_time"))
    if formula == Formula.RULE_766:
        numerator = _sum(stat, ("resolved_early", "resolved_on_time", "in_progress_on_time"))
        return _make_rate(numerator, to_process_total(stat), Formula.RULE_766)
    if formula == Formula.DUE:
        return _make_rate(
            early_on_time, _sum(stat, (*RESOLVED, "in_progress_overdue")), Formula.DUE
        )
    if formula == Formula.RESOLVED:
        return _make_rate(early_on_time, resolved_total(stat), Formula.RESOLVED)
    raise ValueError(f"Unknown on-time formula: {formula!r}")


def online_submission_rate(stat) -> Rate | None:
    return _make_rate(
        _get(stat, "received_online"), _get(stat, "received_new"), "online_submission"
    )


def online_services_rate(stat) -> Rate | None:
    """Share of online services that actually received dossiers, against the 80% target."""
    return _make_rate(
        _get(stat, "online_services_with_dossiers"),
        _get(stat, "online_services_total"),
        "online_services_with_dossiers",
        target=ONLINE_SERVICES_TARGET,
    )


def digitisation_rate(stat) -> Rate | None:
    return _make_rate(_get(stat, "digitised"), _get(stat, "received_new"), "digitisation")


def all_rates(stat) -> dict[str, Rate | None]:
    return {
        "on_time": on_time_rate(stat),
        "online": online_submission_rate(stat),
        "online_services": online_services_rate(stat),
        "digitisation": digitisation_rate(stat),
    }


# --- sanity rules ---------------------------------------------------------------------


def _names(fields) -> str:
    return " + ".join(f"«{_label(f)}»" for f in fields)


def _part_whole(source, parts, wholes, *, anchor, errors, warnings, short_warning=True):
    """Compare reported parts with their whole; excess is an error on `anchor`, a gap a warning."""
    part = _sum(source, parts)
    whole = _sum(source, wholes)
    if part is None or whole is None:
        return
    if part > whole:
        message = (
            f"{_names(parts)} = {vn_number(part)} vượt quá {_names(wholes)} = {vn_number(whole)} "
            f"({vn_number(part - whole)} dư)."
        )
        errors[anchor] = f"{errors[anchor]} {message}" if anchor in errors else message
    elif short_warning and part < whole:
        warnings.append(
            f"{_names(parts)} = {vn_number(part)} thấp hơn {_names(wholes)} = {vn_number(whole)}: "
            f"còn {vn_number(whole - part)} chưa được phân loại."
        )


def check_stat(stat, *, previous=None) -> tuple[dict[str, str], list[str]]:
    """Sanity rules for one period's figures: (errors by field, warnings).

    `previous` is the same agency's preceding period (see `previous_stat`), used to compare
    its in-progress total with this period's carry-over.
    """
    errors: dict[str, str] = {}
    warnings: list[str] = []
    rule = {"errors": errors, "warnings": warnings}

    # Dossier balance. When the carry-over is unreported the whole is unknown: dossiers
    # carried in may explain an excess, so it is only a warning.
    outcome = (*RESOLVED, *IN_PROGRESS)
    if _get(stat, "carried_over") is None:
        part, received = _sum(stat, outcome), _get(stat, "received_new")
        if part is not None and received is not None and part > received:
            warnings.append(
                f"{_names(outcome)} = {vn_number(part)} vượt «{_label('received_new')}» = {vn_number(received)} "
                f"({vn_number(part - received)} dư) trong khi chưa nhập «{_label('carried_over')}»."
            )
        elif part is not None and received is not None and part < received:
            _part_whole(stat, outcome, ("received_new",), anchor="in_progress_on_time", **rule)
    else:
        _part_whole(
            stat, outcome, TO_PROCESS, anchor="in_progress_on_time", short_warning=False, **rule
        )
        if "in_progress_on_time" not in errors:
            everything = (*outcome, "returned_withdrawn", "waiting_supplement")
            part, whole = _sum(stat, everything), to_process_total(stat)
            if part is not None and whole is not None and part > whole:
                warnings.append(
                    f"{_names(everything)} = {vn_number(part)} vượt {_names(TO_PROCESS)} = {vn_number(whole)}: "
                    "hồ sơ trả lại hoặc chờ bổ sung có thể đã được tính trong số đã giải quyết."
                )
            elif part is not None and whole is not None and part < whole:
                warnings.append(
                    f"{_names(everything)} = {vn_number(part)} thấp hơn {_names(TO_PROCESS)} = {vn_number(whole)}: "
                    f"còn {vn_number(whole - part)} hồ sơ chưa được phân loại."
                )

    # Channels of reception.
    _part_whole(
        stat,
        ("received_online",),
        ("received_new",),
        anchor="received_online",
        short_warning=False,
        **rule,
    )
    if "received_online" not in errors:
        _part_whole(stat, CHANNELS, ("received_new",), anchor="received_post", **rule)
    for name in ("digitised", "paid_online"):
        _part_whole(stat, (name,), ("received_new",), anchor=name, short_warning=False, **rule)

    # Procedures and online services.
    _part_whole(
        stat,
        ("online_full", "online_partial"),
        ("procedures_total",),
        anchor="online_partial",
        short_warning=False,
        **rule,
    )
    _part_whole(
        stat,
        ("level3", "level4"),
        ("procedures_total",),
        anchor="level4",
        short_warning=False,
        **rule,
    )
    _part_whole(
        stat,
        ("online_services_total",),
        ("procedures_total",),
        anchor="online_services_total",
        short_warning=False,
        **rule,
    )
    _part_whole(
        stat,
        ("online_services_with_dossiers",),
        ("online_services_total",),
        anchor="online_services_with_dossiers",
        short_warning=False,
        **rule,
    )
    _part_whole(
        stat,
        ("lien_thong_same_level", "lien_thong_cross_level"),
        ("procedures_total",),
        anchor="lien_thong_cross_level",
        short_warning=False,
        **rule,
    )
    _part_whole(
        stat,
        ("simplified",),
        ("simplified_reviewed",),
        anchor="simplified",
        short_warning=False,
        **rule,
    )

    before, after = _get(stat, "simplified_days_before"), _get(stat, "simplified_days_after")
    if before is not None and after is not None and after > before:
        warnings.append(
            f"«{_label('simplified_days_after')}» ({vn_number(after)}) lớn hơn "
            f"«{_label('simplified_days_before')}» ({vn_number(before)}): thời gian không giảm."
        )

    _taxonomy_warnings(stat, warnings)
    if previous is not None:
        _carry_over_warning(stat, previous, warnings)
    return errors, warnings


def _taxonomy_warnings(stat, warnings):
    start, end = _get(stat, "period_start"), _get(stat, "period_end")
    legacy = _sum(stat, ("level3", "level4"))
    current = _sum(stat, ("online_full", "online_partial"))
    if legacy and isinstance(start, datetime.date) and start >= NEW_TAXONOMY_FROM:
        warnings.append(
            "Kỳ báo cáo bắt đầu sau 15/08/2022: «DVCTT mức độ 3/4» là phân loại cũ; "
            "nên nhập «DVCTT toàn trình» và «DVCTT một phần» (NĐ 42/2022/NĐ-CP)."
        )
    if current and isinstance(end, datetime.date) and end < NEW_TAXONOMY_FROM:
        warnings.append(
            "Kỳ báo cáo kết thúc trước 15/08/2022: khi đó DVCTT được phân loại theo mức độ 3/4 "
            "(«DVCTT toàn trình»/«một phần» chỉ áp dụng từ 15/08/2022)."
        )


def _carry_over_warning(stat, previous, warnings):
    carried, pending = _get(stat, "carried_over"), in_progress_total(previous)
    if carried is None or pending is None or carried == pending:
        return
    start = _get(previous, "period_start")
    when = f" kỳ {start:%d/%m/%Y}" if isinstance(start, datetime.date) else " kỳ trước"
    warnings.append(
        f"«{_label('carried_over')}» = {vn_number(carried)} khác số hồ sơ đang giải quyết cuối{when} "
        f"= {vn_number(pending)} (chênh {vn_number(abs(carried - pending))})."
    )


def previous_stat(
    *, agency_id: int, period_type: str, period_start: datetime.date
) -> ProcedureStat | None:
    """The same agency's period of the same type that ends the day before `period_start`."""
    return (
        ProcedureStat.objects.filter(
            agency_id=agency_id,
            period_type=period_type,
            period_end=period_start - datetime.timedelta(days=1),
        )
        .order_by("-period_start")
        .first()
    )


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
    """ "2023", "Q3/2021", "09/2021" or "01/06/2022–11/11/2022"."""
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
        counts["resolved_in_time"] = _sum(stat, ("resolved_early", "resolved_on_time"))
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
