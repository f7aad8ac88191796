"""The national table's upload form."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.forms.imports import EXTENSIONS, MAX_UPLOAD_BYTES


class ParTableForm(forms.Form):
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv (UTF-8)"))
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    decision_no = forms.CharField(
        label=_("Số quyết định công bố"),
        max_length=64,
        required=False,
        help_text=_("Ví dụ 268/QĐ-BNV."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 50 MB."))
        return upload
