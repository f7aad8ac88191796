"""The what-if form of the agency profile: points, rates and survey points to try."""

from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from indicators.what_if import Changes, Inputs

from .reports import ScoreField


class RateField(ScoreField):
    def __init__(self, **kwargs):
        super().__init__(max_value=Decimal("100"), **kwargs)
        self.error_messages.update(
            {
                "invalid": _("Tỷ lệ phải là số, ví dụ 97,5."),
                "min_value": _("Tỷ lệ không được âm."),
                "max_value": _("Tỷ lệ không được vượt 100 %."),
            }
        )


class WhatIfForm(forms.Form):
    """One field per applicable leaf (`c<id>`), survey component (`s<id>`) and bound rate
    (`r_<metric>`), each starting at today's value; only what the reader changed counts."""

    def __init__(self, data=None, *, inputs: Inputs):
        super().__init__(data)
        self.inputs = inputs
        for leaf in inputs.leaves:
            if leaf["not_applicable"]:
                continue
            self.fields[f"c{leaf['id']}"] = ScoreField(
                label=_("Tiêu chí %(code)s") % {"code": leaf["code"]},
                max_value=leaf["max"],
                initial=leaf["points"],
            )
        for component in inputs.components:
            self.fields[f"s{component['id']}"] = ScoreField(
                label=component["name"], max_value=component["max"], initial=component["points"]
            )
        for rate in inputs.rates:
            if rate["leaves"]:
                field = RateField(label=rate["label"], initial=rate["current"])
                if rate["current"] is None:
                    field.widget.attrs["placeholder"] = _("chưa có số liệu năm này")
                self.fields[f"r_{rate['metric']}"] = field
        for name, field in self.fields.items():
            # The panel prints each error after its field's label ("Tiêu chí 1.1: …").
            field.error_messages["max_value"] = _("không được vượt %(max)s.") % {
                "max": formats.localize(field.max_value)
            }
            field.widget.attrs["id"] = f"whatif-{name}"

    def changes(self) -> Changes:
        """The values the reader changed (the form must be valid)."""
        points, surveys, rates = {}, {}, {}
        for name in self.changed_data:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            if name.startswith("c"):
                points[int(name[1:])] = value
            elif name.startswith("s"):
                surveys[int(name[1:])] = value
            elif name.startswith("r_"):
                rates[name[2:]] = value
        return Changes(points=points, surveys=surveys, rates=rates)

    def leaf_field(self, leaf_id: int):
        name = f"c{leaf_id}"
        return self[name] if name in self.fields else None
