"""A score input shows the active language's decimal mark and no grouping mark, and reads
back what it shows: 0,50 in Vietnamese, 0.50 in English (not "050", read as 50)."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.forms.reports import ScoreField, ScoreInput


@pytest.mark.parametrize(
    ("language", "shown"),
    [("vi", ["0,50", "12,00", "1234,50"]), ("en", ["0.50", "12.00", "1234.50"])],
)
def test_a_score_shows_in_the_active_language_and_reads_back_the_same(language, shown):
    values = [Decimal("0.5"), Decimal("12"), Decimal("1234.5")]
    with translation.override(language):
        assert [ScoreInput().format_value(v) for v in values] == shown
        assert [ScoreField().clean(text) for text in shown] == values
