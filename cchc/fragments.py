"""Page fragments rendered from plain values only, and kept by those values.

The dashboard's pages draw the same body again and again between two recomputes: the
same group, year, sort and page give the same KPI cards, table and charts. Rendering it
with Django's template engine cost more than the page's SQL (issue 9). `render_plain`
renders a template from a dict of plain values (no request, no context processors, no
model instances), so the output can depend on nothing but those values and on what every
render of the process shares: the active language and time zone and the URL prefix.
The rendered HTML is kept under exactly that (the values' repr, which writes out every
value); changed numbers are another key, so a fragment is never stale and needs no
invalidation, like `indicators.figure_cache`.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

# Rendered fragments by what they are made of; emptied when full. An overview body with its
# four figures is about 100 KB.
_KEPT: dict = {}
MEMO_SIZE = 64

SCALARS = (str, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta, type(None))


class Keyed(str):
    """Text whose identity is a short key (content-addressed: the same key is the same
    text), written in a fragment's key instead of the text itself: a figure's JSON is
    tens of kilobytes, its cache key a digest of the figure's inputs."""

    key: str

    def __new__(cls, text: str, key: str):
        keyed = super().__new__(cls, text)
        keyed.key = key
        return keyed

    def __repr__(self) -> str:
        return f"Keyed({self.key!r})"


def _check_plain(value, path="values") -> None:
    """Raise TypeError unless `value` is made of dicts, lists, tuples and plain scalars
    (whose repr writes them out whole): a model instance's repr hides its fields."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: key {key!r} is not a string")
            _check_plain(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_plain(item, f"{path}[{i}]")
    elif not isinstance(value, SCALARS) or (
        isinstance(value, str) and type(value) not in (str, SafeString, Keyed)
    ):
        raise TypeError(f"{path} is not a plain value: {type(value).__name__}")


def render_plain(template_name: str, values: dict) -> SafeString:
    """`get_template(template_name).render(values)`, rendered once per distinct `values`
    (and language, time zone, URL prefix and URLconf). Raises TypeError for a value that is not plain."""
    _check_plain(values)
    key = (
        template_name,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        repr(values),
    )
    return keep(
        _KEPT, key, lambda: mark_safe(get_template(template_name).render(values)), size=MEMO_SIZE
    )


def keep(memo: dict, key, make, *, size: int):
    """`memo[key]`, made by `make()` the first time it is asked for. `memo` is emptied when it
    holds `size` entries: the shapes a page comes back with are few, and fill it again at once."""
    value = memo.get(key)
    if value is None:
        if len(memo) >= size:
            memo.clear()
        value = memo[key] = make()
    return value


def forget() -> None:
    """Drop every kept fragment (tests: each starts from rendering)."""
    _KEPT.clear()
