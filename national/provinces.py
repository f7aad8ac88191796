"""The provinces' map as data: create provinces and their lineage from a file.

`DEFAULT_FILE` is the map of NQ 202/2025/QH15: the 63 provinces and cities (GSO codes),
of which 29 merged into another on 1/7/2025, leaving 34. A merged province keeps its row,
name and results, valid to 30/6/2025, with a `ProvinceLineage` edge to its successor; the
successor keeps its own code and history. (Thừa Thiên Huế is listed by its name since
1/1/2025, Huế.)

A province already in the database is matched by code or by name, so a demo or an install
that named its province differently ("HT" for Hà Tĩnh) is completed, not duplicated; its
code and name are kept. The whole file is checked first and written in one transaction.
"""

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from agencies.models import Province, ProvinceLineage
from indicators.importing.base import ImportFailed, Outcome, RowErrors, assign_changes
from indicators.importing.reading import Column, FileProblem, RowError, TableReader, fold_header

from .importing import province_key

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "provinces_nq202_2025.csv"
COLUMNS = [
    Column("code", "Mã", ("Mã tỉnh", "code"), required=True, sample="34"),
    Column(
        "name", "Tên tỉnh", ("Tỉnh", "Tỉnh, thành phố", "name"), required=True, sample="Thái Bình"
    ),
    Column("valid_from", "Hiệu lực từ", ("valid_from",), sample=""),
    Column("valid_to", "Hiệu lực đến", ("valid_to",), note="dd/mm/yyyy", sample="30/06/2025"),
    Column(
        "successor",
        "Sáp nhập vào",
        ("Tỉnh sau sắp xếp", "successor"),
        note="Tên hoặc mã tỉnh kế thừa (trong tệp hoặc đã có).",
        sample="Hưng Yên",
    ),
    Column("effective_date", "Ngày hiệu lực sắp xếp", ("effective_date",), sample="01/07/2025"),
    Column("legal_basis", "Căn cứ pháp lý", ("legal_basis",), sample="NQ 202/2025/QH15"),
]


class _Known:
    """Provinces by folded code and name: those in the database, then the file's."""

    def __init__(self):
        self.by_key: dict[str, object] = {}
        for province in Province.objects.all():
            self.add(province.code, province.name, province)

    def add(self, code, name, value):
        self.by_key.setdefault(fold_header(code), value)
        self.by_key.setdefault(province_key(name), value)

    def find(self, text):
        return self.by_key.get(fold_header(text)) or self.by_key.get(province_key(text))


def read_provinces(path) -> tuple[list[dict], list[RowError]]:
    rows, problems, in_file = [], [], {}
    reader = TableReader(path, columns=COLUMNS, filename=Path(path).name)
    try:
        for row in reader:
            errors = RowErrors(reader, row)
            data = {
                "line": row.number,
                "code": errors.text("code", required=True, max_length=16),
                "name": errors.text("name", required=True, max_length=128),
                "valid_from": errors.date("valid_from"),
                "valid_to": errors.date("valid_to"),
                "successor": errors.text("successor", max_length=128),
                "effective_date": errors.date("effective_date"),
                "legal_basis": errors.text("legal_basis", max_length=200),
            }
            for key in ("code", "name"):
                folded = fold_header(data[key]) if key == "code" else province_key(data[key])
                if folded and folded in in_file.setdefault(key, {}):
                    errors.add(
                        key, gettext("trùng với dòng {value}").format(value=in_file[key][folded])
                    )
                in_file[key].setdefault(folded, row.number)
            if data["successor"] and not data["effective_date"]:
                errors.add("effective_date", _("thiếu ngày hiệu lực của việc sắp xếp"))
            if data["successor"] and province_key(data["successor"]) in (
                province_key(data["name"]),
                fold_header(data["code"]),
            ):
                errors.add("successor", _("một tỉnh không thể sáp nhập vào chính nó"))
            problems += errors.errors
            rows.append(data)
    except FileProblem as problem:
        problems += problem.errors
    problems += reader.late_errors
    if not rows and not problems:
        problems.append(RowError(None, "", _("tệp không có dòng dữ liệu nào dưới dòng tiêu đề")))
    return rows, problems


def import_provinces(path=DEFAULT_FILE, *, dry_run: bool = False) -> Outcome:
    """Create or complete the file's provinces and lineage; all rows or none."""
    rows, problems = read_provinces(path)
    known = _Known()
    for data in rows:
        known.add(data["code"], data["name"], data)
    for data in rows:
        if data["successor"] and known.find(data["successor"]) is None:
            problems.append(
                RowError(
                    data["line"],
                    _("Sáp nhập vào"),
                    _("không có tỉnh này trong tệp hay trong hệ thống"),
                    data["successor"],
                )
            )
    if problems:
        raise ImportFailed(sorted(problems, key=lambda error: error.row or 0))
    outcome = Outcome()
    if dry_run:
        return outcome
    with transaction.atomic():
        saved = {}
        for data in rows:
            province = known.find(data["code"])
            province = province if isinstance(province, Province) else known.find(data["name"])
            values = {"valid_from": data["valid_from"], "valid_to": data["valid_to"]}
            if isinstance(province, Province):
                if assign_changes(province, values):
                    province.save()
                    outcome.updated += 1
                else:
                    outcome.unchanged += 1
            else:
                province = Province.objects.create(code=data["code"], name=data["name"], **values)
                outcome.created += 1
            saved[id(data)] = province
        for data in rows:
            if not data["successor"]:
                continue
            successor = known.find(data["successor"])
            successor = saved[id(successor)] if isinstance(successor, dict) else successor
            defaults = {
                "effective_date": data["effective_date"],
                "legal_basis": data["legal_basis"],
            }
            edge, created = ProvinceLineage.objects.get_or_create(
                predecessor=saved[id(data)], successor=successor, defaults=defaults
            )
            if created:
                outcome.notes.append(f"{saved[id(data)]} → {successor}")
            elif assign_changes(edge, defaults):
                edge.save()
                outcome.notes.append(
                    gettext("{saved} → {successor} (cập nhật)").format(
                        saved=saved[id(data)], successor=successor
                    )
                )
        if outcome.created or outcome.updated or outcome.notes:
            # Profiles say where a merged province went: their cached parts are redone.
            Province.objects.filter(pk__in=[p.pk for p in saved.values()]).bump_data_version()
    return outcome
