"""Evidence files (tài liệu kiểm chứng) of the demo reporters' draft.

Most scored criteria have their file; a few give a reason instead (a document still being
signed), and some criteria not scored yet already have theirs (staff often upload first and
score later). The files are one-page PDFs saying what they stand for, marked illustrative.
"""

import random
import unicodedata

from django.core.files.base import ContentFile
from django.utils.text import slugify

from indicators.models import AnnualReport, CriterionScore, Evidence

MISSING_REASON = "Văn bản đang trình lãnh đạo ký, đơn vị sẽ bổ sung trước khi gửi báo cáo."
REASON_SHARE = 0.05  # scored criteria that give a reason instead of a file
EARLY_FILE_SHARE = 0.5  # criteria not scored yet that already have their file


def ascii_text(text: str) -> str:
    """`text` without Vietnamese diacritics: PDF's standard fonts have no Vietnamese glyphs."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128)


def pdf_document(lines: list[str]) -> bytes:
    """A valid one-page A4 PDF showing `lines` in Helvetica."""
    escaped = [
        ascii_text(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        for line in lines
    ]
    text = " ".join(f"({line}) Tj 0 -22 Td" for line in escaped)
    stream = f"BT /F1 13 Tf 56 780 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def evidence_file(report: AnnualReport, criterion) -> tuple[str, bytes]:
    """(file name, PDF) of the evidence for one criterion of `report`."""
    name = f"TC{criterion.code}-{slugify(ascii_text(criterion.name))[:60]}.pdf"
    content = pdf_document(
        [
            f"UBND TINH {report.agency.province.name.upper()}",
            report.agency.name.upper(),
            f"Tai lieu kiem chung - tieu chi {criterion.code}, nam {report.framework.year}",
            criterion.name,
            "Du lieu minh hoa do load_demo tao.",
        ]
    )
    return name, content


def attach_draft_evidence(report: AnnualReport, *, rng: random.Random) -> int:
    """Files (or a reason) for the draft's scored criteria that require evidence, and files
    for some not scored yet; returns the number of files."""
    files, reasons = [], []
    scores = report.scores.select_related("criterion").order_by("criterion__order")
    for score in scores:
        if score.not_applicable or not score.criterion.evidence_required:
            continue
        if score.self_score is None:
            wanted = rng.random() < EARLY_FILE_SHARE
        elif rng.random() < REASON_SHARE:
            score.missing_evidence_reason = MISSING_REASON
            reasons.append(score)
            wanted = False
        else:
            wanted = True
        if wanted:
            name, content = evidence_file(report, score.criterion)
            evidence = Evidence(score=score, original_name=name, size=len(content))
            evidence.file.save(name, ContentFile(content), save=False)
            files.append(evidence)
    Evidence.objects.bulk_create(files)
    CriterionScore.objects.bulk_update(reasons, ["missing_evidence_reason"])
    return len(files)
