"""Numbers as Vietnamese and English spreadsheets write them.

Vietnamese writes 85,02 and 1.713; English writes 85.02 and 1,713. A cell may hold either,
so the separators are read by these rules, and anything the rules cannot settle is an
error that says why, never a guess:

1. Both "." and "," present: the last one is the decimal separator and the other must
   group thousands by threes ("1.234,5" / "1,234.5"). Anything else ("1.234,5.6") is
   ambiguous.
2. One separator used several times ("1.234.567"): thousands, groups of exactly three.
3. One separator used once:
   - followed by 1, 2 or 4+ digits ("85,02", "85.02", "96,8900"): the decimal separator;
   - after a lone 0 ("0,125"): a decimal, since no thousands grouping starts with 0;
   - followed by exactly 3 digits ("1.713", "1,713", "15.726"): a thousands separator, as
     Vietnamese usage has it. In a count column that is the value. In a points
     or percentage column the thousands reading is above the column maximum, and reading
     it as a decimal would be a guess, so it is an error asking for an unambiguous form
     ("1,7130" or a numeric cell).
A trailing "%" is allowed in percentage columns only ("96,89%" → 96.89). Numeric cells from
XLSX need none of this; a cell formatted as a percentage (0.9689 shown as 96,89 %) is
scaled by the reader before it gets here.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext as _

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DIGITS = re.compile(r"^\d+$")
_GROUPED = {".": re.compile(r"^\d{1,3}(\.\d{3})+$"), ",": re.compile(r"^\d{1,3}(,\d{3})+$")}


class NumberError(ValueError):
    """A cell that is not a number, or not unambiguously one; the message is for users."""


@dataclass(frozen=True)
class NumberSpec:
    """What a column holds: a count (integer) or a measure (points, %), with its bounds."""

    integer: bool = False
    maximum: Decimal | None = None
    percent: bool = False
    allow_negative: bool = False


COUNT = NumberSpec(integer=True)
POINTS = NumberSpec()
PERCENT = NumberSpec(maximum=Decimal(100), percent=True)


def parse_number(value, spec: NumberSpec = POINTS) -> Decimal | None:
    """The Decimal in `value` (a cell: str, int, float or None); None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError(_("ô chứa giá trị đúng/sai, không phải số"))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest string that round-trips, so 85.02 stays 85.02.
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _parse_text(value, spec)
        if number is None:
            return None
    else:
        raise NumberError(
            gettext("không đọc được giá trị kiểu {name__} thành số").format(
                name__=type(value).__name__
            )
        )
    return _check(number, spec)


def _parse_text(text: str, spec: NumberSpec) -> Decimal | None:
    raw = _SPACES.sub("", text)
    if not raw or raw in {"-", "—", "–"}:
        return None
    negative = raw[0] in "-−"
    if negative or raw[0] == "+":
        raw = raw[1:]
    if raw.endswith("%"):
        if not spec.percent:
            # xgettext:no-python-format (the "%" sign, not a placeholder)
            raise NumberError(_("dấu % chỉ dùng ở cột tỷ lệ phần trăm"))
        raw = raw[:-1]
    plain = _to_plain(raw, spec)
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise NumberError(_("không phải là số")) from None
    return -number if negative else number


def _to_plain(raw: str, spec: NumberSpec) -> str:
    """`raw` without thousands separators and with "." as the decimal point."""
    if _DIGITS.match(raw):
        return raw
    if not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit() or not raw[-1].isdigit():
        raise NumberError(_("không phải là số"))
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _sep, fraction = raw.rpartition(decimal_sep)
        if decimal_sep in whole or not _GROUPED[group_sep].match(whole):
            raise NumberError(
                _(
                    "số không rõ ràng: dùng lẫn dấu chấm và dấu phẩy không theo nhóm nghìn "
                    "(ví dụ hợp lệ: 1.234,5 hoặc 1,234.5)"
                )
            )
        return whole.replace(group_sep, "") + "." + fraction
    sep = "." if dots else ","
    if raw.count(sep) > 1:
        if not _GROUPED[sep].match(raw):
            raise NumberError(
                gettext(
                    "số không rõ ràng: dấu '{sep}' phải chia nhóm 3 chữ số (ví dụ 1.234.567)"
                ).format(sep=sep)
            )
        return raw.replace(sep, "")
    whole, _sep, fraction = raw.partition(sep)
    if len(fraction) != 3 or whole == "0":
        return whole + "." + fraction
    # "1.713": thousands by rule 3; refused where that cannot be the intended value.
    if not spec.integer:
        raise NumberError(
            gettext(
                "số không rõ ràng: '{raw}' đọc theo kiểu Việt Nam là {whole}{fraction} (hàng "
                "nghìn), vượt mức hợp lý của cột điểm/tỷ lệ; nếu là số thập phân hãy ghi "
                "{whole},{fraction}0 hoặc nhập ô kiểu số"
            ).format(raw=raw, whole=whole, fraction=fraction)
        )
    return whole + fraction


def _check(number: Decimal, spec: NumberSpec) -> Decimal:
    if not number.is_finite():
        raise NumberError(_("không phải là số hữu hạn"))
    if number < 0 and not spec.allow_negative:
        raise NumberError(_("không được âm"))
    if spec.integer:
        if number != number.to_integral_value():
            raise NumberError(_("phải là số nguyên (số lượng)"))
        number = number.quantize(Decimal(1))
    if spec.maximum is not None and number > spec.maximum:
        raise NumberError(
            gettext("vượt giá trị tối đa {maximum}").format(maximum=format_vi(spec.maximum))
        )
    return number


def format_vi(number: Decimal | int | None) -> str:
    """85.02 → "85,02"; 1713 → "1.713" (for messages; templates use localize)."""
    if number is None:
        return ""
    text = f"{Decimal(number).normalize():,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
