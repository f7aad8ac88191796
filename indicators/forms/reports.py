"""Forms of the self-report cycle: the criteria tree, appraisal, survey (publishing:
`indicators.forms.publishing`)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.forms.rows import criterion_row, name_row_inputs
from indicators.models import AnnualReport, CriterionScore

TWO_PLACES = Decimal("0.01")


class ScoreInput(forms.TextInput):
    """Shows 1,5 (Vietnamese decimal comma) and keeps the numeric keyboard on phones."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "class": "form-control form-control-sm score-input",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, Decimal):
            # Without the grouping mark of the active language ("." in Vietnamese, "," in
            # English), never its decimal mark: English shows 0.50, not 050.
            return formats.number_format(
                value, decimal_pos=2, use_l10n=True, force_grouping=False
            ).replace(formats.get_format("THOUSAND_SEPARATOR"), "")
        return value


class ScoreField(forms.DecimalField):
    """Points with at most two decimals; accepts "1,5" and "1.5" alike.

    Django's localized parsing would read "1.5" as 15 (dot is the thousands separator in
    Vietnamese); scores are never in the thousands, so both marks mean the decimal point.
    """

    widget = ScoreInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "invalid": gettext("Điểm phải là số, ví dụ 1,5."),
                "max_decimal_places": gettext("Điểm chỉ được có tối đa %(max)s chữ số thập phân."),
                "min_value": gettext("Điểm không được âm."),
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        if value in self.empty_values:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReportMetaForm(forms.Form):
    """The fields of the report itself; `version` is the optimistic lock token."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Ghi chú chung của đơn vị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class SelfScoreForm(forms.ModelForm):
    self_score = ScoreField(label=_("Điểm tự chấm"))

    class Meta:
        model = CriterionScore
        fields = [
            "self_score",
            "not_applicable",
            "self_note",
            "missing_evidence_reason",
            "override_reason",
        ]
        widgets = {
            "override_reason": forms.Textarea(
                attrs={
                    "rows": 1,
                    "class": "form-control form-control-sm mt-1",
                    "placeholder": _("Lý do nếu khác điểm tính từ số liệu"),
                    "aria-label": _("Lý do khác điểm tính từ số liệu"),
                }
            ),
            "self_note": forms.Textarea(
                attrs={
                    "rows": 1,
                    "class": "form-control form-control-sm",
                    "placeholder": _("Thuyết minh"),
                }
            ),
            "missing_evidence_reason": forms.Textarea(
                attrs={
                    "rows": 1,
                    "class": "form-control form-control-sm",
                    "placeholder": _("Lý do chưa có tài liệu kiểm chứng"),
                }
            ),
            "not_applicable": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, computed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.criterion_id:
            name_row_inputs(self, criterion_row(self.instance.criterion.code))
        # The points the criterion's rule gives from its source (`indicators.rule_sources`):
        # shown beside the input, and its value until the agency enters its own.
        self.computed = (computed or {}).get(self.instance.criterion_id)
        points = self.computed and self.computed.points
        if points is not None and self.instance.self_score is None:
            if not self.instance.not_applicable:
                self.initial["self_score"] = points

    def clean(self):
        data = super().clean()
        score, criterion = self.instance, self.instance.criterion
        value = data.get("self_score")
        self._check_override(data, value)
        if data.get("not_applicable") and not criterion.allow_not_applicable:
            self.add_error(
                "not_applicable",
                gettext("Tiêu chí {code} không được đánh dấu “không áp dụng”.").format(
                    code=criterion.code
                ),
            )
        if value is not None and value > score.max_points:
            self.add_error(
                "self_score",
                gettext("Tiêu chí {code}: điểm tự chấm tối đa là {localize}.").format(
                    code=criterion.code, localize=formats.localize(score.max_points)
                ),
            )
        return data

    def _check_override(self, data, value) -> None:
        """A score entered now that differs from the computed points needs a reason; one
        equal to them needs none, and an earlier reason goes."""
        points = self.computed and self.computed.points
        if points is None or value is None or data.get("not_applicable"):
            return
        if value == points:
            data["override_reason"] = ""
        elif value != self.instance.self_score and not data.get("override_reason", "").strip():
            self.add_error(
                "override_reason",
                _(
                    "Tiêu chí %(code)s: điểm tự chấm %(value)s khác điểm tính từ số liệu "
                    "%(points)s; cần ghi lý do."
                )
                % {
                    "code": self.instance.criterion.code,
                    "value": formats.localize(value),
                    "points": formats.localize(points),
                },
            )

    def _post_clean(self):
        # Scores are written by `self_assessment.save_draft` under the report lock, not by the form.
        pass


SelfScoreFormSet = forms.modelformset_factory(
    CriterionScore, form=SelfScoreForm, extra=0, can_delete=False
)


def self_score_rows(formset) -> dict[int, dict]:
    """{CriterionScore id: cleaned values} for `self_assessment.save_draft`."""
    rows = {}
    for form in formset.forms:
        data = form.cleaned_data
        rows[form.instance.pk] = {
            "self_score": data.get("self_score"),
            "not_applicable": bool(data.get("not_applicable")),
            "self_note": data.get("self_note") or "",
            "missing_evidence_reason": data.get("missing_evidence_reason") or "",
            "override_reason": (data.get("override_reason") or "").strip(),
        }
    return rows


# --- appraisal and explanation ----------------------------------------------------------


class AppraisalRowForm(forms.Form):
    score = ScoreField(label=_("Điểm thẩm định"))
    comment = forms.CharField(
        label=_("Ý kiến thẩm định"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, criterion_score: CriterionScore, computed=None, **kwargs):
        self.criterion_score, self.computed = criterion_score, computed
        super().__init__(*args, prefix=f"s{criterion_score.pk}", **kwargs)
        name_row_inputs(self, criterion_row(criterion_score.criterion.code))
        # Computed points (`indicators.rule_sources`) fill a cell not appraised yet, unless
        # the agency claimed other points: then the appraiser decides.
        points, row = computed and computed.points, criterion_score
        if points is not None and self.initial.get("score") is None and not row.not_applicable:
            if row.self_score in (None, points):
                self.initial["score"] = points

    def clean(self):
        data = super().clean()
        row, value = self.criterion_score, data.get("score")
        if value is not None and value > row.max_points:
            self.add_error(
                "score",
                gettext("Tiêu chí {code}: tối đa {localize} điểm.").format(
                    code=row.criterion.code, localize=formats.localize(row.max_points)
                ),
            )
        if (data.get("comment") or "").strip():
            return data
        differs = value is not None and row.self_score is not None and value != row.self_score
        kept_from_round_one = (
            row.report.appraisal_round == 2
            and value == row.appraised_score
            and row.appraiser_comment
        )
        points = self.computed and self.computed.points
        stored = row.effective_appraised if row.report.appraisal_round == 2 else row.appraised_score
        if differs and not kept_from_round_one:
            self.add_error(
                "comment",
                gettext(
                    "Tiêu chí {code}: điểm thẩm định khác điểm tự chấm, cần ghi ý kiến."
                ).format(code=row.criterion.code),
            )
        elif points not in (None, value) and value not in (None, stored):
            self.add_error(
                "comment",
                _(
                    "Tiêu chí %(code)s: điểm thẩm định khác điểm tính từ số liệu (%(points)s), "
                    "cần ghi ý kiến."
                )
                % {"code": row.criterion.code, "points": formats.localize(points)},
            )
        return data


class ExplanationRowForm(forms.Form):
    explanation = forms.CharField(
        label=_("Giải trình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, criterion_score: CriterionScore, **kwargs):
        self.criterion_score = criterion_score
        super().__init__(*args, prefix=f"s{criterion_score.pk}", **kwargs)
        name_row_inputs(self, criterion_row(criterion_score.criterion.code))


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Năm"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    group = forms.TypedChoiceField(
        label=_("Khối"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(AnnualReport.Status.choices),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    q = forms.CharField(
        label=_("Tìm đơn vị"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, years, groups, **kwargs):
        super().__init__(*args, **kwargs)
        # A year is a label, not a number: str() keeps it "2025", never "2.025".
        self.fields["year"].choices = [("", gettext("Tất cả"))] + [(y, str(y)) for y in years]
        self.fields["group"].choices = [("", gettext("Tất cả"))] + [(g.pk, g.name) for g in groups]
