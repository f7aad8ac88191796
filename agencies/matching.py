"""Find the agency a spreadsheet means, tolerantly and explainably.

Spreadsheets and decisions write the same agency many ways: "Sở LĐTB&XH", "Sở Lao động -
Thương binh và Xã hội", "Sở Lao động, Thương binh và Xã hội", "BQL các KCN", "Ban Quản lý
các khu công nghiệp tỉnh". `AgencyMatcher` tries, in order, and stops at the first step
that finds anything:

1. the exact name (after `normalize_name`: NFC, case, spacing);
2. an entry of the editable alias table (`AgencyAlias`) or the agency's short name;
3. the folded key: abbreviations expanded, "&" read as "và", hyphens and commas dropped,
   old/new tone placement unified ("hoá" = "hóa"), a trailing "tỉnh <province>" dropped;
4. the folded key without its leading "Sở" / "UBND" / "Ban" / "Văn phòng" prefix.

A trailing note on what became of the agency ("(nay là Sở Xây dựng)", "(trước sắp xếp)")
is dropped first: the row names the agency as it was.

Each match says which step found it. Two agencies at the same step is ambiguity, an
error listing both, never a pick. Diacritics are never dropped: "Sở Y tế" and "Sở Ý tế" are
different words. The matcher loads the agencies once, so a file of any length costs one
query, not one per row.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from .models import Agency, AgencyAlias, normalize_name

# Abbreviation → words, keyed by the token with "&", "-", "." and "," removed, so
# "TT&TT", "TT-TT" and "TTTT" are all "tttt".
ABBREVIATIONS = {
    "tttt": "thông tin và truyền thông",
    "khđt": "kế hoạch và đầu tư",
    "nnptnt": "nông nghiệp và phát triển nông thôn",
    "ptnt": "phát triển nông thôn",
    "lđtbxh": "lao động thương binh và xã hội",
    "lđtbvxh": "lao động thương binh và xã hội",
    "gtvt": "giao thông vận tải",
    "vhttdl": "văn hóa thể thao và du lịch",
    "vhttvdl": "văn hóa thể thao và du lịch",
    "tnmt": "tài nguyên và môi trường",
    "gdđt": "giáo dục và đào tạo",
    "khcn": "khoa học và công nghệ",
    "bql": "ban quản lý",
    "kcn": "khu công nghiệp",
    "vp": "văn phòng",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "tp": "thành phố",
    "tx": "thị xã",
    "ct": "công thương",
}
# Leading words that name the kind of body, not the body ("Sở Tư pháp" = "Tư pháp").
PREFIXES = ("sở ", "ủy ban nhân dân ", "ban ")
# Old-style tone placement ("hoá", "uỷ") → the style used in current official texts.
_TONE_PLACEMENT = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("(?:" + "|".join(_TONE_PLACEMENT) + r")(?!\w)")
_AMP_SPACES = re.compile(r"\s*&\s*")
_PUNCT = re.compile(r"[-,.;:()/\"'“”]+")


# A note after the name that says what became of the agency: "Sở GTVT (nay là Sở Xây
# dựng)", "Sở KH&ĐT (trước sắp xếp)" in results published after the 2025 mergers.
_SUCCESSOR_NOTE = re.compile(r"\s*\((?:nay là|trước sắp xếp)\b[^()]*\)\s*$", re.IGNORECASE)


def without_note(name: str) -> str:
    """`name` without a trailing "(nay là …)" or "(trước sắp xếp)" note."""
    return _SUCCESSOR_NOTE.sub("", name or "")


def fold_name(name: str, *, province_name: str = "") -> str:
    """The comparison key of step 3 (see the module docstring)."""
    text = normalize_name(name)
    text = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], text)
    text = _AMP_SPACES.sub("&", text)
    words = []
    for token in text.split():
        compact = re.sub(r"[&\-.,]", "", token)
        words.append(ABBREVIATIONS.get(compact, token))
    text = " ".join(words).replace("&", " và ")
    text = " ".join(_PUNCT.sub(" ", text).split())
    if province_name:
        suffix = " tỉnh " + fold_name(province_name)
        if text.endswith(suffix):
            text = text[: -len(suffix)] + " tỉnh"
    if text.endswith(" tỉnh") and not text.startswith(("văn phòng", "thanh tra", "ủy ban")):
        # "Ban Quản lý các KCN tỉnh" = "Ban Quản lý các KCN"; but "Thanh tra tỉnh" keeps it.
        text = text[: -len(" tỉnh")]
    return text


def strip_prefix(key: str) -> str:
    for prefix in PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


@dataclass(frozen=True)
class AgencyMatch:
    agency: Agency | None  # None for an agency the import will create
    reason: str
    new_name: str = ""
    written: str = ""  # the name as the file wrote it

    @property
    def explanation(self) -> str:
        """ "“Sở GTVT” → trùng sau khi chuẩn hóa …", or just the reason for an exact match."""
        name = self.agency.name if self.agency else self.new_name
        if self.written and normalize_name(self.written) != normalize_name(name):
            return f"“{self.written.strip()}”: {self.reason}"
        return self.reason


class AgencyMatchError(LookupError):
    def __init__(self, message: str, candidates=()):
        super().__init__(message)
        self.candidates = list(candidates)


class AgencyMatcher:
    """Match names against `agencies` (a QuerySet, usually one province's)."""

    def __init__(self, agencies, *, province_name: str = "", preferred_group_id: int | None = None):
        self.province_name = province_name
        self.preferred_group_id = preferred_group_id
        self.by_name: dict[str, list[Agency]] = {}
        self.by_alias: dict[str, list[tuple[Agency, str]]] = {}
        self.by_key: dict[str, list[Agency]] = {}
        self.by_bare_key: dict[str, list[Agency]] = {}
        self.pending: dict[str, str] = {}  # folded key → name of an agency to be created
        agencies = list(agencies)
        by_id = {agency.pk: agency for agency in agencies}
        for agency in agencies:
            self._index(agency)
        aliases = AgencyAlias.objects.filter(agency_id__in=by_id).values_list("agency_id", "alias")
        for agency_id, alias in aliases:
            self._add_alias(by_id[agency_id], alias)

    def _index(self, agency: Agency):
        key = fold_name(agency.name, province_name=self.province_name)
        self.by_name.setdefault(normalize_name(agency.name), []).append(agency)
        self.by_key.setdefault(key, []).append(agency)
        self.by_bare_key.setdefault(strip_prefix(key), []).append(agency)
        if agency.short_name:
            self._add_alias(agency, agency.short_name)

    def _add_alias(self, agency: Agency, alias: str):
        entries = self.by_alias.setdefault(normalize_name(alias), [])
        if all(existing.pk != agency.pk for existing, _ in entries):
            entries.append((agency, alias))

    def match(self, name: str) -> AgencyMatch:
        """The agency `name` means, with the reason; raises AgencyMatchError otherwise."""
        if not (name or "").strip():
            raise AgencyMatchError(_("thiếu tên đơn vị"))
        bare = without_note(name)
        if bare != name and bare.strip():  # the agency as it was, named by its old name
            found = self.match(bare)
            return AgencyMatch(found.agency, found.reason, found.new_name, written=name)
        exact = normalize_name(name)
        if found := self._one(self.by_name.get(exact, []), name):
            return AgencyMatch(found, _("trùng tên"), written=name)
        if entries := self.by_alias.get(exact):
            agency = self._one([agency for agency, _ in entries], name)
            alias = next(alias for candidate, alias in entries if candidate.pk == agency.pk)
            return AgencyMatch(
                agency,
                gettext("tên gọi khác đã khai báo: “{alias}”").format(alias=alias),
                written=name,
            )
        key = fold_name(name, province_name=self.province_name)
        if found := self._one(self.by_key.get(key, []), name):
            return AgencyMatch(
                found,
                gettext("trùng sau khi chuẩn hóa viết tắt, dấu gạch: “{key}”").format(key=key),
                written=name,
            )
        if found := self._one(self.by_bare_key.get(strip_prefix(key), []), name):
            return AgencyMatch(
                found,
                gettext("trùng khi bỏ tiền tố Sở/UBND/Ban: “{key}”").format(key=strip_prefix(key)),
                written=name,
            )
        if key in self.pending:
            return AgencyMatch(
                None, _("đơn vị mới (đã có ở dòng trước)"), new_name=self.pending[key], written=name
            )
        raise AgencyMatchError(
            gettext(
                "không tìm thấy đơn vị “{strip}”; hãy kiểm tra tên hoặc thêm tên gọi khác"
            ).format(strip=name.strip())
        )

    def _one(self, candidates: list[Agency], name: str) -> Agency | None:
        if len(candidates) > 1 and self.preferred_group_id:
            in_group = [
                agency for agency in candidates if agency.group_id == self.preferred_group_id
            ]
            candidates = in_group or candidates
        if len(candidates) > 1:
            listed = "; ".join(f"{agency.name} (#{agency.pk})" for agency in candidates)
            raise AgencyMatchError(
                gettext("tên “{strip}” khớp nhiều đơn vị: {listed}").format(
                    strip=name.strip(), listed=listed
                ),
                candidates,
            )
        return candidates[0] if candidates else None

    def match_or_create(self, name: str) -> AgencyMatch:
        """Like `match`, but an unknown name becomes an agency to create (listed in the preview)."""
        try:
            return self.match(name)
        except AgencyMatchError as error:
            if error.candidates:
                raise
        clean = " ".join(unicodedata.normalize("NFC", without_note(name) or name).split())
        self.pending[fold_name(clean, province_name=self.province_name)] = clean
        return AgencyMatch(None, _("đơn vị mới sẽ được tạo"), new_name=clean, written=name)

    def register(self, agency: Agency):
        """Make a just-created agency matchable (used while committing)."""
        self.pending.pop(fold_name(agency.name, province_name=self.province_name), None)
        self._index(agency)
