"""Shared fixtures of the self-report workflow tests: a 2023 framework with a small tree.

Tree: 1 (Chỉ đạo) → 1.1 (max 2, evidence required), 1.2 (max 3, may be not applicable,
no evidence required); 2 (TTHC) → 2.1 (max 5, no evidence required). Self deadline
15/12/2023 17:00, explanation deadline 10/01/2024 17:00 (Asia/Ho_Chi_Minh). The clock is
frozen on 01/12/2023 09:00.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators import appraisal, self_assessment, workflow
from indicators.models import AnnualReport, Criterion
from tests.factories import FrameworkFactory, make_standard_bands, make_tree

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SELF_DEADLINE = datetime.datetime(2023, 12, 15, 17, 0, tzinfo=TZ)
EXPLANATION_DEADLINE = datetime.datetime(2024, 1, 10, 17, 0, tzinfo=TZ)
START = datetime.datetime(2023, 12, 1, 9, 0, tzinfo=TZ)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="ke-hoach.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def framework(dept_group, agency_a, agency_b, clock):
    framework = FrameworkFactory(group=dept_group, year=2023, name="Bộ chỉ số CCHC sở 2023")
    make_standard_bands(framework)
    make_tree(
        framework,
        {
            "1": ("Chỉ đạo, điều hành", [("1.1", 2), ("1.2", 3)]),
            "2": ("Cải cách TTHC", [("2.1", 5)]),
        },
    )
    Criterion.objects.filter(framework=framework, code="1.2").update(
        allow_not_applicable=True, evidence_required=False
    )
    Criterion.objects.filter(framework=framework, code="2.1").update(evidence_required=False)
    workflow.open_year(
        framework=framework,
        self_assessment_deadline=SELF_DEADLINE,
        explanation_deadline=EXPLANATION_DEADLINE,
    )
    return framework


@pytest.fixture
def report_a(framework, agency_a):
    return AnnualReport.objects.get(framework=framework, agency=agency_a)


@pytest.fixture
def report_b(framework, agency_b):
    return AnnualReport.objects.get(framework=framework, agency=agency_b)


def score(report, code):
    return report.scores.select_related("criterion").get(criterion__code=code)


def fill(report, user, values=None, *, with_evidence=True):
    """Fill every leaf (default 2, 3, 4) and attach a PDF to 1.1; returns the fresh report."""
    values = values or {"1.1": "2", "1.2": "3", "2.1": "4"}
    report.refresh_from_db()
    rows = {}
    for code, value in values.items():
        s = score(report, code)
        rows[s.pk] = {
            "self_score": None if value is None else Decimal(value),
            "not_applicable": value is None,
            "self_note": "",
            "missing_evidence_reason": "",
        }
    self_assessment.save_draft(report=report, user=user, version=report.version, rows=rows)
    if with_evidence:
        self_assessment.add_evidence(score=score(report, "1.1"), upload=pdf_upload(), user=user)
    report.refresh_from_db()
    return report


def submitted(report, user):
    report = fill(report, user)
    return self_assessment.submit(report=report, user=user)


def appraised(report, reporter, staff, values=None):
    """Submit, appraise round 1 with the self scores (or `values`), finish."""
    report = submitted(report, reporter)
    appraisal.start_appraisal(report=report, user=staff)
    report.refresh_from_db()
    rows = {}
    for s in report.scores.select_related("criterion"):
        value = Decimal((values or {}).get(s.criterion.code, s.self_score))
        rows[s.pk] = {"score": value, "comment": "" if value == s.self_score else "Thiếu tài liệu"}
    appraisal.appraise(report=report, user=staff, version=report.version, rows=rows)
    report.refresh_from_db()
    appraisal.finish_appraisal(report=report, user=staff)
    report.refresh_from_db()
    return report
