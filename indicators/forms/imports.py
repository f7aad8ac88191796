"""Upload form of the import page: kind, file, and the scope the kind needs."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyGroup
from indicators.importing import KINDS, NEEDS_GROUP, NEEDS_YEAR

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
EXTENSIONS = {".xlsx", ".xlsm", ".csv"}


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        choices=[(kind, importer.label) for kind, importer in KINDS.items()],
    )
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv (UTF-8)"))
    year = forms.IntegerField(
        label=_("Năm đánh giá"), min_value=2000, max_value=2100, required=False
    )
    group = forms.ModelChoiceField(
        label=_("Khối xếp hạng"), queryset=AgencyGroup.objects.none(), required=False
    )
    create_agencies = forms.BooleanField(
        label=_("Tạo đơn vị chưa có (liệt kê trong bản xem trước)"), required=False
    )
    decision_no = forms.CharField(
        label=_("Số quyết định công bố"),
        max_length=64,
        required=False,
        help_text=_("Chỉ dùng khi nhập kết quả đã công bố, ví dụ 3349/QĐ-UBND."),
    )
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["group"].queryset = AgencyGroup.objects.filter(province=province).order_by(
            "order", "name"
        )
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name == "create_agencies"
                else "form-select"
                if name in ("kind", "group")
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(gettext("Chỉ nhận tệp .xlsx hoặc .csv."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("Tệp lớn hơn 50 MB; hãy chia nhỏ hoặc dùng lệnh import trên máy chủ.")
            )
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in NEEDS_YEAR and not data.get("year"):
            self.add_error("year", gettext("Loại dữ liệu này cần năm đánh giá."))
        if kind in NEEDS_GROUP and not data.get("group"):
            self.add_error("group", gettext("Loại dữ liệu này cần khối xếp hạng."))
        return data

    def options(self) -> dict:
        """JSON-able importer options (ids, not objects: they travel to the task)."""
        data = self.cleaned_data
        options = {"province_id": self.province.pk, "create_agencies": data["create_agencies"]}
        if data.get("year"):
            options["year"] = data["year"]
        if data["kind"] in NEEDS_GROUP:
            options["group_id"] = data["group"].pk
        if data["kind"] == "results":
            options["decision_no"] = data.get("decision_no", "")
            options["decision_date"] = (
                data["decision_date"].isoformat() if data.get("decision_date") else ""
            )
        return options
