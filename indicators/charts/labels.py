"""Data labels are text: Plotly renders a subset of HTML (`<a href>`, `<b>`, `<br>`) in
trace names, legends, tick labels, hover text and annotations, so an agency named
`<a href="…">` would become a link in a legend.

Every figure function of `indicators.charts` is wrapped in `plain_labels`, which escapes
`<`, `>` and `&` in every string of its input (nested in lists and dicts) before the
figure is built; Plotly shows the escaped text as typed. Markup the chart code writes
itself (`<b>`, `<br>` in a hover template) is not input, so it keeps working.
"""

import functools
import html


def escaped(value):
    """`value` with every string in it escaped, containers rebuilt, other values kept."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(escaped(item) for item in value)
    return value


def plain_labels(build):
    """Escape the inputs of a figure function (see the module docstring)."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        return build(*escaped(args), **escaped(kwargs))

    wrapper.plain_labels = True
    return wrapper
