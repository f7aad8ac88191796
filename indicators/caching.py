"""What the dashboards keep in Django's cache, and under which keys.

Readers open the same overview and profiles again and again between two changes of the
data. Two things are cached, each under a key that says exactly what it is made of, so
nothing cached can be stale and nothing is ever invalidated by hand:

- a Plotly figure's JSON, under a digest of the chart function's inputs and the language
  of its titles and labels (`figure_json`): building a figure validates every property and
  costs more than the SQL behind it;
- the rendered body of a dashboard page (`page_part`), under the page's name, the data
  version of its province (`Province.data_version`, bumped by every job that changes what
  the dashboards show), the query string and the language.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

TIMEOUT = 24 * 3600


def _plain(value):
    if isinstance(value, Decimal | datetime.date):
        return str(value)
    # Anything else (a model instance, say) could hide data that its str() does not show.
    raise TypeError(f"not plain chart data: {type(value).__name__}")


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def figure_json(build, /, **inputs) -> str:
    """`build(**inputs).to_json()`, computed once per distinct set of inputs and language
    (titles, axis labels and legends are translated)."""
    try:
        digest = _digest(inputs)
    except TypeError:
        return build(**inputs).to_json()
    language = translation.get_language()
    key = f"figure:{build.__module__}.{build.__qualname__}:{language}:{digest}"
    return cache.get_or_set(key, lambda: build(**inputs).to_json(), TIMEOUT)


def page_part(name: str, *, version: tuple, params, template: str, context) -> str:
    """The HTML of `template` rendered with `context()`, cached under `name`, `version`
    (the data versions it depends on), the query string `params` and the language.

    `context` is a callable, called only when the part is not cached. The template is
    rendered without the request: whatever differs between readers of the same version
    (the user, the CSRF token, the time of day) cannot get into a cached part. The HTML
    comes back from the cache as the SafeString it was rendered as.
    """
    query = sorted((k, v) for k, values in params.lists() for v in values if k != "_export")
    key = f"page:{name}:{_digest([list(version), query, translation.get_language()])}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context())
        cache.set(key, html, TIMEOUT)
    return html
