"""One formatting path for numbers: years are never grouped ("2025"), decimals and counts
follow the active language ("32,00" / "32.00", "5.616" / "5,616")."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from indicators import dossiers
from indicators.templatetags.dashboard import pct, signed
from tests.cchc.catalogue import ROOT
from tests.indicators.dashboard_data import build_group

TEMPLATES = ROOT / "templates"
OUTPUT = re.compile(r"{{(.*?)}}", re.S)
BLOCKTRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b(.*?)%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
WITH_BINDING = re.compile(r"(\w+)=(\S+)")
# An expression naming a year: year, sel.year, framework.year, asked_year, p.year|add:"-1".
YEAR = re.compile(r"(^|[.\s])\w*year\b")
YEAR_SAFE = ("unlocalize", "stringformat", "request.GET")  # a query parameter is text


def year_outputs_left_localized(source: str) -> list[str]:
    """Template outputs of a year that Django would format as a number ("2.025")."""
    found = []
    for options, body in BLOCKTRANSLATE.findall(source):
        bound = dict(WITH_BINDING.findall(options))
        for name in OUTPUT.findall(body):
            name = name.strip()
            expression = bound.get(name, name)
            if YEAR.search(expression.split("|")[0]) and not any(
                f in expression for f in YEAR_SAFE
            ):
                found.append(expression)
    for expression in OUTPUT.findall(BLOCKTRANSLATE.sub(" ", source)):
        expression = expression.strip()
        if YEAR.search(expression.split("|")[0]) and not any(f in expression for f in YEAR_SAFE):
            found.append(expression)
    return found


def test_the_year_lint_finds_a_localized_year():
    assert year_outputs_left_localized("<p>{{ sel.year }}</p>") == ["sel.year"]
    assert year_outputs_left_localized(
        "{% blocktranslate %}năm {{ year }}{% endblocktranslate %}"
    ) == ["year"]
    assert not year_outputs_left_localized(
        "{{ year|unlocalize }}{% blocktranslate with year=p.year|unlocalize %}"
        "năm {{ year }}{% endblocktranslate %}{{ plan.year|stringformat:'s' }}"
    )


def test_no_template_prints_a_year_as_a_number():
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (found := year_outputs_left_localized(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"use |unlocalize: {offenders}"


@pytest.mark.parametrize(
    ("language", "year", "count", "decimal"),
    [("vi", "2025", "5.616", "32,00"), ("en", "2025", "5,616", "32.00")],
)
def test_years_counts_and_decimals_in_each_language(language, year, count, decimal):
    page = Template(
        "{% load l10n dashboard i18n %}{{ year|unlocalize }} {{ count }} {{ score|pct }}"
        "{% blocktranslate with year=year|unlocalize %} năm {{ year }}{% endblocktranslate %}"
    )
    with translation.override(language):
        text = page.render(Context({"year": 2025, "count": 5616, "score": Decimal("32")}))
        assert text.split()[:3] == [year, count, decimal]
        assert text.endswith(year)
        assert dossiers.count_text(5616) == count
        assert dossiers.pct_text(Decimal("32.004")) == decimal
        assert pct(Decimal("32")) == decimal
        assert signed(Decimal("1.25")) == ("+1,25" if language == "vi" else "+1.25")


def test_the_year_picker_and_headings_never_group_a_year(client, noivu_staff, dept_group):
    """The overview and rankings show 2024, never 2.024 or 2,024, in both languages."""
    build_group(group=dept_group, n=3)
    client.force_login(noivu_staff)
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        for url in ("/", "/xep-hang/"):
            html = client.get(url).content.decode()
            assert not re.search(r"\b2[.,]02[34]\b", html), (language, url)
            assert re.search(r'<option value="2024"[^>]*>\s*2024', html), (language, url)
