"""What is cached is cached per language: a figure built for a Vietnamese page is never
served to an English one."""

import json

from django.core.cache import cache
from django.utils import translation

from indicators.caching import figure_json
from indicators.charts import dossiers


def test_a_cached_figure_is_kept_per_language():
    cache.clear()
    with translation.override("vi"):
        vietnamese = figure_json(dossiers.on_time_trend, rows=[])
    with translation.override("en"):
        english = figure_json(dossiers.on_time_trend, rows=[])
    assert json.loads(vietnamese)["layout"]["title"]["text"] == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert json.loads(english)["layout"]["title"]["text"] == "Share of dossiers resolved on time"
    with translation.override("vi"):
        assert figure_json(dossiers.on_time_trend, rows=[]) == vietnamese
