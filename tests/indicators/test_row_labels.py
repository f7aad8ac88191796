"""Inputs drawn as table rows carry an accessible name of their own: the field and the
criterion ("Điểm tự chấm, tiêu chí 1.1"), not only a column header or a placeholder."""

import re

import pytest
from django.template import Context, Template

from indicators.forms.cycle import SurveyEntryForm
from indicators.forms.publishing import CorrectionRowForm
from indicators.forms.reports import AppraisalRowForm, ExplanationRowForm, SelfScoreFormSet
from indicators.models import CriterionScore
from indicators.templatetags import dashboard as tags
from tests.factories import CriterionScoreFactory, SurveyComponentFactory

pytestmark = pytest.mark.django_db


def aria_labels(html: str) -> dict[str, str]:
    """{input name: its aria-label} of the inputs, textareas and selects in `html`."""
    labels = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        label = re.search(r'aria-label="([^"]*)"', tag)
        labels[name] = label.group(1) if label else None
    return labels


@pytest.fixture
def score():
    return CriterionScoreFactory(criterion__code="2.3", self_score=1)


def test_appraisal_score_and_comment_name_their_criterion(score):
    html = str(AppraisalRowForm(criterion_score=score))
    labels = aria_labels(html)
    assert labels[f"s{score.pk}-score"] == "Điểm thẩm định, tiêu chí 2.3"
    assert labels[f"s{score.pk}-comment"] == "Ý kiến thẩm định, tiêu chí 2.3"


def test_explanation_and_correction_inputs_name_their_criterion(score):
    explanation = aria_labels(str(ExplanationRowForm(criterion_score=score)))
    assert explanation[f"s{score.pk}-explanation"] == "Giải trình, tiêu chí 2.3"
    correction = aria_labels(str(CorrectionRowForm(criterion_score=score)))
    assert correction[f"s{score.pk}-final_score"] == "Điểm đạt sau điều chỉnh, tiêu chí 2.3"


def test_every_visible_self_report_input_is_named_and_the_hidden_id_is_not(score):
    formset = SelfScoreFormSet(queryset=CriterionScore.objects.all(), prefix="scores")
    labels = aria_labels(str(formset.forms[0]))
    assert labels.pop("scores-0-id") is None
    assert labels and all(label and label.endswith(", tiêu chí 2.3") for label in labels.values())
    assert labels["scores-0-self_score"] == "Điểm tự chấm, tiêu chí 2.3"


def test_a_survey_cell_is_named_by_its_agency_and_component(score):
    component = SurveyComponentFactory(framework=score.report.framework, name="Chỉ số hài lòng")
    form = SurveyEntryForm(reports=[score.report], components=[component], existing={})
    labels = aria_labels(str(form))
    cell = f"r{score.report.pk}_c{component.pk}"
    assert labels[cell] == f"{score.report.agency} – Chỉ số hài lòng"
    assert labels[f"loaded_{cell}"] is None  # hidden


def test_a_custom_band_colour_gets_readable_text():
    dark = tags.band_badge("Nhóm I", [{"name": "Nhóm I", "color": "#123456"}])
    light = tags.band_badge("Nhóm II", [{"name": "Nhóm II", "color": "#ffd33d"}])
    assert "color:#ffffff" in dark and "color:#000000" in light


def test_the_chart_mount_is_a_named_figure_that_may_hold_plotlys_buttons():
    html = Template('{% load dashboard %}{% chart "{}" "fig-x" "Biểu đồ" %}').render(Context())
    assert 'role="figure" aria-label="Biểu đồ"' in html and 'role="img"' not in html
