"""Forms of the remediation plans: opening a plan, adding an action, updating one."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.forms.evidence import checked_evidence

from ..models import Recommendation, RemediationAction
from . import DateInput, StyledForm


class PlanOpenForm(StyledForm, forms.Form):
    """A plan on one weak criterion of the chosen year, or on one open recommendation."""

    title = forms.CharField(label=_("Tên kế hoạch"), max_length=255)
    criterion = forms.ChoiceField(label=_("Tiêu chí cần khắc phục"), required=False)
    recommendation = forms.ChoiceField(label=_("Hoặc kiến nghị cần khắc phục"), required=False)

    def __init__(self, *args, weak: list[dict], recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.weak = {str(r["criterion"].pk): r["criterion"] for r in weak}
        self.recommendations = {str(r.pk): r for r in recommendations}
        self.fields["criterion"].choices = [("", "—")] + [
            (
                str(r["criterion"].pk),
                _("%(code)s. %(name)s (mất %(lost)s điểm)")
                % {
                    "code": r["criterion"].code,
                    "name": r["criterion"].name[:90],
                    "lost": r["lost"],
                },
            )
            for r in weak
        ]
        self.fields["recommendation"].choices = [("", "—")] + [
            (str(r.pk), r.text[:120]) for r in recommendations
        ]

    def clean(self):
        data = super().clean()
        criterion = self.weak.get(data.get("criterion") or "")
        recommendation = self.recommendations.get(data.get("recommendation") or "")
        if (criterion is None) == (recommendation is None):
            raise forms.ValidationError(
                _("Chọn một tiêu chí hoặc một kiến nghị cần khắc phục (một trong hai).")
            )
        data["criterion"], data["recommendation"] = criterion, recommendation
        return data


class ActionForm(StyledForm, forms.ModelForm):
    class Meta:
        model = RemediationAction
        fields = ["text", "responsible_unit", "start_date", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "start_date": DateInput(),
            "due_date": DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("Thời hạn không được trước ngày bắt đầu."))
        return data


class ActionUpdateForm(StyledForm, forms.Form):
    """A dated note, the status after it, optional evidence and an optional new due date.
    `version` is the action's version when the page was read (optimistic locking)."""

    STATUS_CHOICES = [
        (RemediationAction.Status.IN_PROGRESS, _("Đang thực hiện")),
        (RemediationAction.Status.DONE, _("Đã hoàn thành")),
        (RemediationAction.Status.NOT_STARTED, _("Chưa thực hiện")),
    ]
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    text = forms.CharField(label=_("Nội dung cập nhật"), widget=forms.Textarea(attrs={"rows": 2}))
    status_after = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_CHOICES)
    evidence = forms.FileField(
        label=_("Tài liệu kiểm chứng"),
        required=False,
        help_text=_("PDF, DOCX, XLSX hoặc ảnh; tối đa 20 MB."),
    )
    due_date = forms.DateField(label=_("Gia hạn đến (nếu có)"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, action: RemediationAction, **kwargs):
        kwargs.setdefault("prefix", f"a{action.pk}")
        kwargs.setdefault(
            "initial",
            {
                "date": timezone.localdate(),
                "status_after": action.status,
                "version": action.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.action = action

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày cập nhật không thể ở tương lai."))
        return day

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return checked_evidence(upload) if upload else None


def open_recommendations(agency):
    return Recommendation.objects.filter(addressee=agency).open().order_by("deadline", "pk")
