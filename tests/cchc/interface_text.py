"""What a page says, as text nodes, and which of them are Vietnamese: the measure of the
English interface. Names that are data (agencies, criteria, bands, people, decisions) are
taken out first, since they stay as entered in both languages."""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# Letters only Vietnamese uses among the languages of this interface.
VIETNAMESE = re.compile("[àáâãèéêìíòóôõùúýăđĩũơưạ-ỹÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠ-Ỹ]")
LETTER = re.compile(r"[^\W\d_]")
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# The language switch names Vietnamese in Vietnamese on the English page, as switches do.
NOT_INTERFACE = {"Tiếng Việt"}
DATA_APPS = ("agencies", "indicators", "inspections")


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and LETTER.search(value):
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and LETTER.search(data):
            self.texts.append(" ".join(data.split()))


def text_nodes(html: str) -> list[str]:
    """The visible text nodes and the read attributes of a page, whitespace collapsed."""
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def data_names() -> re.Pattern:
    """Every short text the database holds (names, numbers of decisions, notes), longest
    first, as one pattern that finds them inside a text node."""
    names = set()
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS + ("auth",):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f.name != "password"
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if isinstance(value, str) and 2 <= len(value) <= 400 and LETTER.search(value):
                    names.add(" ".join(value.split()))
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in ordered) or "(?!)")


def vietnamese_share(texts: list[str], names: re.Pattern) -> tuple[float, list[str]]:
    """The share of interface text nodes still in Vietnamese once data names are removed,
    and those nodes."""
    interface, vietnamese = 0, []
    for text in texts:
        if text in NOT_INTERFACE:
            continue
        rest = names.sub(" ", text)
        if not LETTER.search(rest):
            continue
        interface += 1
        if VIETNAMESE.search(rest):
            vietnamese.append(text)
    return (len(vietnamese) / interface if interface else 0.0), vietnamese
