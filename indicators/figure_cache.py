"""Figures memoized by their inputs.

Building a Plotly figure through `graph_objects` costs 30–150 ms (every property is
validated), far more than the SQL behind a page. Chart builders are pure functions, so
the same inputs always give the same figure: the JSON is cached under a hash of the
inputs themselves. No invalidation is needed — changed numbers are a different key — and
a stale figure is impossible.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.core.cache import cache

from cchc.fragments import Keyed

TIMEOUT = 24 * 3600


def _plain(value):
    if isinstance(value, (Decimal, datetime.date)):
        return str(value)
    # Anything else (a model instance, say) could hide data that its str() does not show.
    raise TypeError(f"not plain chart data: {type(value).__name__}")


def figure_json(build, /, **inputs) -> str:
    """`build(**inputs).to_json()`, computed once per distinct input; the JSON carries its
    key (`cchc.fragments.Keyed`), so a fragment drawing it is kept by the key, not by the text."""
    try:
        payload = json.dumps(inputs, sort_keys=True, default=_plain, ensure_ascii=False)
    except TypeError:
        return build(**inputs).to_json()
    key = f"figure:{build.__module__}.{build.__qualname__}:{hashlib.sha256(payload.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is None:
        cached = build(**inputs).to_json()
        cache.set(key, cached, TIMEOUT)
    return Keyed(cached, key)
