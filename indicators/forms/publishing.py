"""Forms of a publication and of its adjustment: the decision, and the corrected scores."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.forms.cycle import DATE_WIDGET
from indicators.forms.reports import ScoreField
from indicators.models import CriterionScore


class PublishForm(forms.Form):
    decision_no = forms.CharField(
        label=_("Số quyết định"),
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("3349/QĐ-UBND")}),
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)

    def clean_decision_no(self):
        value = self.cleaned_data["decision_no"].strip()
        return value[3:].strip() if value.upper().startswith("QĐ ") else value


class AdjustForm(PublishForm):
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class CorrectionRowForm(forms.Form):
    final_score = ScoreField(label=_("Điểm đạt sau điều chỉnh"))

    def __init__(self, *args, criterion_score: CriterionScore, **kwargs):
        self.criterion_score = criterion_score
        super().__init__(
            *args,
            prefix=f"s{criterion_score.pk}",
            initial={"final_score": criterion_score.final_score},
            **kwargs,
        )

    def clean_final_score(self):
        value = self.cleaned_data["final_score"]
        row = self.criterion_score
        if value is not None and value > row.max_points:
            raise ValidationError(
                gettext("Tiêu chí {code}: tối đa {localize} điểm.").format(
                    code=row.criterion.code, localize=formats.localize(row.max_points)
                )
            )
        return value
