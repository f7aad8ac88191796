"""The English catalogue read as data: a small reader of gettext's .po format (entries,
their flags, obsolete ones), so the tests need no extra library."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        """The key gettext's compiled catalogue uses: context, EOT, msgid."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def read_po(path: Path = PO) -> list[Entry]:
    """Every entry of a .po file, the header (empty msgid) included."""
    entries, entry, target = [], Entry(), None

    def finish():
        nonlocal entry
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry = Entry()

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#,"):
            if entry.msgstr:
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if entry.msgstr:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value, keyword = ast.literal_eval(line), None
        else:
            value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and entry.msgstr:
            finish()
        entry.obsolete = entry.obsolete or obsolete
        if keyword == "msgctxt":
            entry.msgctxt, target = value, "msgctxt"
        elif keyword == "msgid":
            entry.msgid, target = value, "msgid"
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, "msgid_plural"
        elif keyword == "msgstr":
            entry.msgstr[0], target = value, 0
        elif keyword and keyword.startswith("msgstr["):
            target = int(keyword[7:-1])
            entry.msgstr[target] = value
        elif keyword is None:
            if isinstance(target, int):
                entry.msgstr[target] += value
            elif target:
                setattr(entry, target, getattr(entry, target) + value)
    return entries
