"""The evidence (tài liệu kiểm chứng) upload form: allowed types, size, and content that
matches its extension."""

import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# What each allowed extension must look like inside: the first bytes, and for the Office
# formats (zip archives) the part that makes a zip a Word or Excel document.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(extension, ())):
        return False
    if extension in OFFICE_PARTS:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = OFFICE_PARTS[extension] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
        return ok
    return True


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu kiểm chứng"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )

    def clean_file(self):
        return checked_evidence(self.cleaned_data["file"])


def checked_evidence(upload):
    """`upload` if it passes the evidence rules (an allowed extension, at most
    EVIDENCE_MAX_BYTES, content that is what its extension says), else a ValidationError
    naming the file. Every evidence upload of the project goes through it."""
    name = upload.name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.EVIDENCE_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            gettext("Tệp “{name}”: chỉ nhận các định dạng {join}.").format(
                name=name, join=", ".join(allowed)
            )
        )
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        limit = settings.EVIDENCE_MAX_BYTES / (1024 * 1024)
        raise ValidationError(
            gettext("Tệp “{name}” vượt dung lượng tối đa {localize} MB.").format(
                name=name, localize=formats.localize(round(limit, 1))
            )
        )
    if not sniff_matches(upload, extension):
        raise ValidationError(
            gettext("Nội dung tệp “{name}” không phải là tệp .{extension} hợp lệ.").format(
                name=name, extension=extension
            )
        )
    return upload
