"""Forms of Sở Nội vụ's steps in the year: opening it with its deadlines, extensions and
the survey scores (publishing is `indicators.forms.publishing`)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.forms.reports import ScoreField

DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class OpenYearForm(forms.Form):
    self_assessment_deadline = forms.DateTimeField(
        label=_("Hạn tự đánh giá"), widget=DATETIME_WIDGET
    )
    explanation_deadline = forms.DateTimeField(
        label=_("Hạn giải trình"), required=False, widget=DATETIME_WIDGET
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("self_assessment_deadline"), data.get("explanation_deadline")
        if first and second and second <= first:
            self.add_error(
                "explanation_deadline", gettext("Hạn giải trình phải sau hạn tự đánh giá.")
            )
        return data


class ExtensionForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    self_assessment_deadline = forms.DateTimeField(
        label=_("Hạn tự đánh giá mới"), required=False, widget=DATETIME_WIDGET
    )
    explanation_deadline = forms.DateTimeField(
        label=_("Hạn giải trình mới"), required=False, widget=DATETIME_WIDGET
    )
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = framework.group.agencies.assessed_in_year(
            framework.year
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("self_assessment_deadline") and not data.get("explanation_deadline"):
            raise ValidationError(gettext("Cần nhập ít nhất một hạn mới."))
        return data


class LoadedScoreInput(forms.HiddenInput):
    """The value a cell was loaded with, written plainly (8.50) so that it reads back exactly."""

    def format_value(self, value):
        return str(value) if isinstance(value, Decimal) else super().format_value(value)


class SurveyEntryForm(forms.Form):
    """One cell per report × survey component, for the rows of one page of the group.

    Beside each cell `r…_c…` a hidden `loaded_r…_c…` keeps the value the page showed, so the
    save can refuse to overwrite what someone else changed meanwhile (surveys.save_survey_scores).
    """

    def __init__(self, *args, reports, components, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        for report in reports:
            cells = []
            for component in components:
                name = f"r{report.pk}_c{component.pk}"
                self.fields[name] = ScoreField(
                    label=f"{report.agency} – {component.name}", max_value=component.max_points
                )
                self.fields[name].error_messages["max_value"] = gettext(
                    "{agency} – {name}: tối đa {localize} điểm."
                ).format(
                    agency=report.agency,
                    name=component.name,
                    localize=formats.localize(component.max_points),
                )
                self.fields[f"loaded_{name}"] = ScoreField(
                    label=gettext("{agency} – {name} (khi mở trang)").format(
                        agency=report.agency, name=component.name
                    ),
                    widget=LoadedScoreInput,
                )
                self.initial[name] = self.initial[f"loaded_{name}"] = existing.get(
                    (report.pk, component.pk)
                )
                cells.append((report.pk, component.pk, name))
            self.grid.append((report, cells))

    def rows(self):
        """(report, [(cell, its loaded copy)]) per row, for the template."""
        for report, cells in self.grid:
            yield report, [(self[name], self[f"loaded_{name}"]) for _, _, name in cells]

    def values(self) -> dict[tuple[int, int], Decimal | None]:
        return {
            (r, c): self.cleaned_data.get(name) for _, cells in self.grid for r, c, name in cells
        }

    def loaded(self) -> dict[tuple[int, int], Decimal | None]:
        return {
            (r, c): self.cleaned_data.get(f"loaded_{name}")
            for _, cells in self.grid
            for r, c, name in cells
        }
