"""Entry form for one period's procedure and dossier figures of one agency.

Counts accept Vietnamese thousands separators ("1.713", "15.726"). The sanity rules of
`indicators.dossier_checks.check_stat` run in `clean()`: errors land on the fields they name;
warnings block the first save and are shown, and the figures save once the user confirms
exactly those warnings (a digest of them travels in `confirm_warnings`).
"""

import calendar
import datetime
import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators import dossier_checks, dossiers
from indicators.models import PeriodType, ProcedureStat

COUNT_RE = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


class VietnameseCountField(forms.CharField):
    """A non-negative integer written "1.713" or "1713"; blank means not reported."""

    widget = forms.TextInput(
        attrs={"inputmode": "numeric", "class": "form-control form-control-sm text-end"}
    )
    default_error_messages = {
        "invalid": (
            _("Nhập số nguyên không âm, có thể dùng dấu chấm phân cách hàng nghìn (ví dụ 1.713).")
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return dossiers.count_text(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if not COUNT_RE.match(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text.replace(".", ""))


PERIOD_FIELDS = [
    "period_type",
    "year",
    "period_no",
    "period_start",
    "period_end",
    "on_time_formula",
]
SECTIONS = [
    (
        _("Thủ tục hành chính"),
        [
            "procedures_total",
            "published_new",
            "amended",
            "abolished",
            "lien_thong_same_level",
            "lien_thong_cross_level",
            "simplified_reviewed",
            "simplified",
            "simplified_days_before",
            "simplified_days_after",
        ],
    ),
    (
        _("Dịch vụ công trực tuyến"),
        [
            "online_full",
            "online_partial",
            "level3",
            "level4",
            "online_services_total",
            "online_services_with_dossiers",
        ],
    ),
    (
        _("Hồ sơ tiếp nhận"),
        ["carried_over", "received_new", "received_online", "received_in_person", "received_post"],
    ),
    (
        _("Kết quả giải quyết"),
        [
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "in_progress_on_time",
            "in_progress_overdue",
            "returned_withdrawn",
            "waiting_supplement",
        ],
    ),
    (_("Số hóa và thanh toán"), ["digitised", "paid_online"]),
]


def warnings_digest(warnings: list[str]) -> str:
    return hashlib.sha256("\n".join(warnings).encode()).hexdigest()[:16]


def period_bounds(
    period_type: str, year: int, number: int | None
) -> tuple[datetime.date, datetime.date]:
    if period_type == PeriodType.MONTH:
        return datetime.date(year, number, 1), datetime.date(
            year, number, calendar.monthrange(year, number)[1]
        )
    if period_type == PeriodType.QUARTER:
        first = 3 * (number - 1) + 1
        return datetime.date(year, first, 1), datetime.date(
            year, first + 2, calendar.monthrange(year, first + 2)[1]
        )
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class ProcedureStatForm(forms.ModelForm):
    period_type = forms.ChoiceField(
        label=_("Loại kỳ"), choices=PeriodType.choices, initial=PeriodType.YEAR
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period_no = forms.IntegerField(
        label=_("Tháng / quý"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Tháng (1–12) với kỳ tháng, quý (1–4) với kỳ quý; bỏ trống với kỳ năm."),
    )
    period_start = forms.DateField(
        label=_("Từ ngày"), required=False, help_text=_("Chỉ với kỳ báo cáo khác (dd/mm/yyyy).")
    )
    period_end = forms.DateField(label=_("Đến ngày"), required=False)
    confirm_warnings = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ProcedureStat
        fields = [
            "period_type",
            "year",
            "period_start",
            "period_end",
            *dossiers.COUNT_FIELDS,
            "on_time_formula",
            "source",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = self.instance.agency = agency
        self.warnings: list[str] = []
        for name in dossiers.COUNT_FIELDS:
            model_field = ProcedureStat._meta.get_field(name)
            label = str(model_field.verbose_name)
            self.fields[name] = VietnameseCountField(
                label=label[:1].upper() + label[1:], help_text=model_field.help_text
            )
        for name in (*PERIOD_FIELDS, "source", "note"):
            widget = self.fields[name].widget
            widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm",
            )
        stat = self.instance
        if stat.pk and stat.period_type in (PeriodType.MONTH, PeriodType.QUARTER):
            number = (
                stat.period_start.month
                if stat.period_type == PeriodType.MONTH
                else (stat.period_start.month + 2) // 3
            )
            self.initial.setdefault("period_no", number)

    def period_fields(self):
        return [self[name] for name in PERIOD_FIELDS]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]

    def _clean_period(self, data):
        period_type, year, number = data.get("period_type"), data.get("year"), data.get("period_no")
        if not period_type or not year:
            return
        if period_type == PeriodType.CUSTOM:
            start, end = data.get("period_start"), data.get("period_end")
            if not start or not end:
                self.add_error(
                    "period_start", gettext("Kỳ báo cáo khác cần cả «từ ngày» và «đến ngày».")
                )
                return
            if end < start:
                self.add_error("period_end", gettext("«Đến ngày» phải sau «từ ngày»."))
                return
        else:
            limit = 12 if period_type == PeriodType.MONTH else 4
            if period_type != PeriodType.YEAR and not (number and 1 <= number <= limit):
                self.add_error(
                    "period_no",
                    gettext("Chọn {value} cho kỳ này.").format(
                        value=gettext("tháng 1–12") if limit == 12 else gettext("quý 1–4")
                    ),
                )
                return
            start, end = period_bounds(period_type, year, number)
        data["period_start"], data["period_end"] = start, end
        clash = ProcedureStat.objects.filter(
            agency=self.agency, period_type=period_type, period_start=start
        )
        if clash.exclude(pk=self.instance.pk).exists():
            self.add_error(
                None,
                gettext("Đơn vị đã có số liệu kỳ {period_label}; hãy mở bản đó để sửa.").format(
                    period_label=dossiers.period_label(period_type, start, end)
                ),
            )

    def clean(self):
        data = super().clean()
        self._clean_period(data)
        if self.errors:
            return data
        previous = dossier_checks.previous_stat(
            agency_id=self.agency.pk,
            period_type=data["period_type"],
            period_start=data["period_start"],
        )
        errors, self.warnings = dossier_checks.check_stat(data, previous=previous)
        for field, message in errors.items():
            self.add_error(field, message)
        if (
            not errors
            and self.warnings
            and data.get("confirm_warnings") != warnings_digest(self.warnings)
        ):
            self.add_error(
                None,
                ValidationError(
                    gettext(
                        "Số liệu có cảnh báo. Hãy kiểm tra, rồi bấm «Xác nhận và lưu» nếu số "
                        "liệu đúng."
                    ),
                    code="confirm",
                ),
            )
        return data

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings) and not any(f for f in self.errors if f != "__all__")

    @property
    def warnings_digest(self) -> str:
        return warnings_digest(self.warnings)

    def save(self, commit=True):
        stat = super().save(commit=False)
        stat.agency = self.agency
        stat.year = stat.period_start.year
        stat.warnings = self.warnings
        if commit:
            stat.save()
        return stat
