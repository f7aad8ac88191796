"""No template shows text outside a translation tag: every word a user reads goes through
`{% translate %}` / `{% blocktranslate %}` (or `_("…")` in a tag's argument), so the
English interface has no Vietnamese left in it. Only punctuation, numbers and symbols
may stand as they are."""

import re
from html.parser import HTMLParser

from tests.cchc.catalogue import ROOT

TEMPLATES = ROOT / "templates"
# Attributes a user reads (or hears, with a screen reader).
READ_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "data-confirm",
    "data-busy",
    "data-unsaved",  # texts static/js shows, taken from the page in its language
}
# Comments, and a block that fills a class attribute.
COMMENTS = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}"
    r"|{%\s*block body_class\s*%}.*?{%\s*endblock\s*%}",
    re.S,
)
BLOCKTRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# A string literal in a tag, and whether it is a translated one `_("…")` or a date format.
LITERAL = re.compile(r"""(_\(|date:|time:)?("[^"]*"|'[^']*')""")
LETTER = re.compile(r"[^\W\d_]")
# String literals inside tags that are not text: template names, URL names, CSS classes,
# date format names, comparisons with codes.
NON_TEXT_LITERAL = re.compile(r"^[\w./:#\-]*$")


class TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            read = name in READ_ATTRIBUTES or name.startswith("data-msg-")
            if read and value and LETTER.search(value):
                self.found.append(f"{tag}[{name}]: {value}")
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.found.append(f"input[value]: {value}")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and LETTER.search(data):
            self.found.append(data.strip())


def untranslated_text(source: str) -> list[str]:
    """What a template shows outside translation tags."""
    source = BLOCKTRANSLATE.sub(" ", COMMENTS.sub(" ", source))
    found = []
    for tag in TAG.findall(source):
        if re.match(r"{%\s*(translate|trans)\b", tag):
            continue
        for wrapped, literal in LITERAL.findall(tag):
            text = literal[1:-1]
            if not wrapped and LETTER.search(text) and not NON_TEXT_LITERAL.match(text):
                found.append(f"literal in {tag}")
    finder = TextFinder()
    finder.feed(TAG.sub(" ", source))
    return found + finder.found


def test_the_lint_finds_text_outside_translation_tags():
    assert untranslated_text("<p>Tổng quan</p>") == ["Tổng quan"]
    assert untranslated_text('<a title="Thông báo">{% translate "x" %}</a>')
    assert untranslated_text('{{ x|default:"Chưa có" }}')
    assert untranslated_text('<button>{% translate "Lưu" %} bản nháp</button>')


def test_the_lint_accepts_translated_text_and_symbols():
    assert not untranslated_text('<p>{% translate "Tổng quan" %} · 85,02 — %</p>')
    assert not untranslated_text("{% blocktranslate %}Năm {{ y }}{% endblocktranslate %}")
    assert not untranslated_text('{{ x|default:_("Chưa có") }}{% url "indicators:overview" %}')
    assert not untranslated_text('<a title="{% translate "Thông báo" %}" class="a b">→</a>')
    assert not untranslated_text("{# Một ghi chú #}<script>var a = 1;</script>")


def test_no_template_shows_text_outside_translation_tags():
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (found := untranslated_text(path.read_text(encoding="utf-8")))
    }
    listing = "\n".join(f"{name}: {found[:3]}" for name, found in offenders.items())
    assert not offenders, f"{len(offenders)} templates with untranslated text:\n{listing}"
