"""Accessible names for the inputs of forms drawn as table rows.

A row of the self-report, appraisal or findings table shows its field in the column header
and its criterion or line number in the first cell; neither is the input's `<label>`, so a
screen reader would announce an unnamed field. Each visible input gets an `aria-label`
naming both ("Điểm tự chấm, tiêu chí 1.1"), set on the form so the templates stay as they
are.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext


def name_row_inputs(form, row: str) -> None:
    """Label every visible input of `form`, one row of a table, as "<field>, <row>"."""
    for field in form.fields.values():
        if field.widget.is_hidden:
            continue
        label = capfirst(field.label or "")
        field.widget.attrs["aria-label"] = f"{label}, {row}" if label else row


def criterion_row(code: str) -> str:
    """The row of a criteria table: "tiêu chí 1.1"."""
    return gettext("tiêu chí %(code)s") % {"code": code}


def line_row(number: int) -> str:
    """A numbered line of a formset: "dòng 3"."""
    return gettext("dòng %(number)s") % {"number": number}
