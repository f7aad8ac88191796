"""Forms of the account pages: one reporter, a list of reporters, and its confirmation."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .accounts import NewReporter, check_new_reporters

MAX_LIST_BYTES = 2 * 1024 * 1024


def style_fields(form: forms.Form) -> None:
    """Bootstrap's classes on every widget of `form` (a select, or any other control)."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class ReporterForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập"),
        max_length=150,
        help_text=gettext_lazy("Chữ không dấu, số và . _ - @; ví dụ lan.nt"),
    )
    agency = AgencyChoiceField(
        label=gettext_lazy("Đơn vị"), queryset=None, empty_label=gettext_lazy("— Chọn đơn vị —")
    )
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
        style_fields(self)

    def reporter(self) -> NewReporter:
        data = self.cleaned_data
        return NewReporter(
            username=data["username"],
            full_name=data["full_name"],
            agency=data["agency"],
            email=data.get("email") or "",
        )

    def clean(self):
        data = super().clean()
        if not self.errors:
            for name, message in check_new_reporters([self.reporter()]).get(0, {}).items():
                self.add_error(name, message)
        return data


class ReporterListForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp danh sách (.xlsx)"))
    agency = AgencyChoiceField(
        label=gettext_lazy("Đơn vị của mọi dòng"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("— Lấy từ cột “Đơn vị” của tệp —"),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
        style_fields(self)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Tệp “%(name)s”: chỉ nhận tệp Excel .xlsx (dùng tệp mẫu).")
                % {"name": upload.name}
            )
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(_("Tệp danh sách lớn hơn 2 MB; hãy chia nhỏ."))
        return upload


class ConfirmListForm(forms.Form):
    """The preview's confirmation: the token of the list kept in the session."""

    token = forms.CharField(widget=forms.HiddenInput)
