"""The sanity rules of one period's dossier and procedure figures (domain brief §5.4).

Parts exceeding their whole are errors naming the fields; parts falling short are warnings,
since real published tables leave categories out (Lâm Đồng Q1/2020 leaves 7,059 district
dossiers unexplained). An unreported count (None or missing) is not the same as 0 and
never triggers an error. The entry form and the procedures import both run `check_stat`.
"""

import datetime

from django.utils.translation import gettext as _

from .dossiers import (
    CHANNELS,
    IN_PROGRESS,
    RESOLVED,
    TO_PROCESS,
    count_text,
    in_progress_total,
    reported,
    reported_sum,
    to_process_total,
)
from .models import ProcedureStat

# Legacy service levels (mức 3/4, NĐ 43/2011) gave way to toàn trình/một phần on this day
# (NĐ 42/2022/NĐ-CP, Art. 11). Both are kept; entering the wrong one for a period warns.
NEW_TAXONOMY_FROM = datetime.date(2022, 8, 15)


def _label(name: str) -> str:
    return ProcedureStat._meta.get_field(name).verbose_name


def _names(fields) -> str:
    return " + ".join(f"«{_label(f)}»" for f in fields)


def _part_whole(source, parts, wholes, *, anchor, errors, warnings, short_warning=True):
    """Compare reported parts with their whole; excess is an error on `anchor`, a gap a warning."""
    part = reported_sum(source, parts)
    whole = reported_sum(source, wholes)
    if part is None or whole is None:
        return
    if part > whole:
        message = _("{parts} = {part} vượt quá {wholes} = {whole} ({gap} dư).").format(
            parts=_names(parts),
            part=count_text(part),
            wholes=_names(wholes),
            whole=count_text(whole),
            gap=count_text(part - whole),
        )
        errors[anchor] = f"{errors[anchor]} {message}" if anchor in errors else message
    elif short_warning and part < whole:
        warnings.append(
            _(
                "{parts} = {part} thấp hơn {wholes} = {whole}: còn {gap} chưa được phân loại."
            ).format(
                parts=_names(parts),
                part=count_text(part),
                wholes=_names(wholes),
                whole=count_text(whole),
                gap=count_text(whole - part),
            )
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
    if reported(stat, "carried_over") is None:
        part, received = reported_sum(stat, outcome), reported(stat, "received_new")
        if part is not None and received is not None and part > received:
            warnings.append(
                _(
                    "{outcome} = {part} vượt «{label}» = {received} ({gap} dư) trong khi chưa "
                    "nhập «{label2}»."
                ).format(
                    outcome=_names(outcome),
                    part=count_text(part),
                    label=_label("received_new"),
                    received=count_text(received),
                    gap=count_text(part - received),
                    label2=_label("carried_over"),
                )
            )
        elif part is not None and received is not None and part < received:
            _part_whole(stat, outcome, ("received_new",), anchor="in_progress_on_time", **rule)
    else:
        _part_whole(
            stat, outcome, TO_PROCESS, anchor="in_progress_on_time", short_warning=False, **rule
        )
        if "in_progress_on_time" not in errors:
            everything = (*outcome, "returned_withdrawn", "waiting_supplement")
            part, whole = reported_sum(stat, everything), to_process_total(stat)
            if part is not None and whole is not None and part > whole:
                warnings.append(
                    _(
                        "{everything} = {part} vượt {to_process} = {whole}: hồ sơ trả lại hoặc "
                        "chờ bổ sung có thể đã được tính trong số đã giải quyết."
                    ).format(
                        everything=_names(everything),
                        part=count_text(part),
                        to_process=_names(TO_PROCESS),
                        whole=count_text(whole),
                    )
                )
            elif part is not None and whole is not None and part < whole:
                warnings.append(
                    _(
                        "{everything} = {part} thấp hơn {to_process} = {whole}: còn {gap} hồ sơ "
                        "chưa được phân loại."
                    ).format(
                        everything=_names(everything),
                        part=count_text(part),
                        to_process=_names(TO_PROCESS),
                        whole=count_text(whole),
                        gap=count_text(whole - part),
                    )
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

    before, after = (
        reported(stat, "simplified_days_before"),
        reported(stat, "simplified_days_after"),
    )
    if before is not None and after is not None and after > before:
        warnings.append(
            _("«{label}» ({after}) lớn hơn «{label2}» ({before}): thời gian không giảm.").format(
                label=_label("simplified_days_after"),
                after=count_text(after),
                label2=_label("simplified_days_before"),
                before=count_text(before),
            )
        )

    _taxonomy_warnings(stat, warnings)
    if previous is not None:
        _carry_over_warning(stat, previous, warnings)
    return errors, warnings


def _taxonomy_warnings(stat, warnings):
    start, end = reported(stat, "period_start"), reported(stat, "period_end")
    legacy = reported_sum(stat, ("level3", "level4"))
    current = reported_sum(stat, ("online_full", "online_partial"))
    if legacy and isinstance(start, datetime.date) and start >= NEW_TAXONOMY_FROM:
        warnings.append(
            _(
                "Kỳ báo cáo bắt đầu sau 15/08/2022: «DVCTT mức độ 3/4» là phân loại cũ; "
                "nên nhập «DVCTT toàn trình» và «DVCTT một phần» (NĐ 42/2022/NĐ-CP)."
            )
        )
    if current and isinstance(end, datetime.date) and end < NEW_TAXONOMY_FROM:
        warnings.append(
            _(
                "Kỳ báo cáo kết thúc trước 15/08/2022: khi đó DVCTT được phân loại theo mức độ 3/4 "
                "(«DVCTT toàn trình»/«một phần» chỉ áp dụng từ 15/08/2022)."
            )
        )


def _carry_over_warning(stat, previous, warnings):
    carried, pending = reported(stat, "carried_over"), in_progress_total(previous)
    if carried is None or pending is None or carried == pending:
        return
    start = reported(previous, "period_start")
    when = (
        _(" kỳ {start:%d/%m/%Y}").format(start=start)
        if isinstance(start, datetime.date)
        else _(" kỳ trước")
    )
    warnings.append(
        _(
            "«{label}» = {carried} khác số hồ sơ đang giải quyết cuối{when} = {pending} (chênh "
            "{gap})."
        ).format(
            label=_label("carried_over"),
            carried=count_text(carried),
            when=when,
            pending=count_text(pending),
            gap=count_text(abs(carried - pending)),
        )
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
