"""The target form of Sở Nội vụ: one target of a group, or of one agency, in one year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup
from indicators.models import AlertRule, Target


class TargetForm(forms.ModelForm):
    """`version` is the optimistic lock: the version the form was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["group", "year", "agency", "metric", "field_code", "value", "note"]
        widgets = {"year": forms.NumberInput(attrs={"min": 2000, "max": 2100})}

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province = province
        self.fields["group"].queryset = AgencyGroup.objects.filter(province=province).order_by(
            "order", "name"
        )
        self.fields["agency"].queryset = Agency.objects.filter(province=province).order_by("name")
        self.fields["agency"].empty_label = _("Cả khối")
        self.fields["value"].widget.attrs.update({"step": "0.01", "min": 0, "max": 100})
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_field_code(self):
        return self.cleaned_data.get("field_code", "").strip()

    def clean(self):
        data = super().clean()
        agency, group = data.get("agency"), data.get("group")
        if agency is not None and group is not None and agency.group_id != group.pk:
            self.add_error("agency", _("Đơn vị này không thuộc khối đã chọn."))
        if data.get("metric") != "field" and data.get("field_code"):
            self.add_error("field_code", _("Mã lĩnh vực chỉ dùng cho chỉ số thành phần."))
        return data


class AlertRuleForm(forms.ModelForm):
    """A threshold rule of the province. Rules are switched off, not deleted: their alerts
    stay in the record."""

    class Meta:
        model = AlertRule
        fields = ["kind", "threshold", "metric", "group", "is_active"]

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province = province
        self.fields["group"].queryset = AgencyGroup.objects.filter(province=province).order_by(
            "order", "name"
        )
        self.fields["group"].empty_label = _("Mọi khối")
        self.fields["threshold"].widget.attrs.update({"step": "0.01", "min": 0})
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name == "is_active"
                else "form-select"
                if hasattr(field, "choices")
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        kind, metric = data.get("kind"), data.get("metric")
        if kind == AlertRule.Kind.RATE_BELOW and not metric:
            self.add_error("metric", _("Cảnh báo tỷ lệ hồ sơ phải chọn tỷ lệ."))
        if kind != AlertRule.Kind.RATE_BELOW and metric:
            self.add_error("metric", _("Chỉ chọn tỷ lệ cho cảnh báo tỷ lệ hồ sơ."))
        threshold = data.get("threshold")
        whole = (AlertRule.Kind.BAND_DROP, AlertRule.Kind.RECOMMENDATION_OVERDUE)
        if kind in whole and threshold is not None and threshold != int(threshold):
            self.add_error("threshold", _("Số bậc hoặc số ngày phải là số nguyên."))
        if kind == AlertRule.Kind.RATE_BELOW and threshold is not None and threshold > 100:
            self.add_error("threshold", _("Tỷ lệ tối thiểu không vượt quá 100%."))
        return data
