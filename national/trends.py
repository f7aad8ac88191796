"""A province's PAR INDEX across its lineage, as plain data for the chart and the table.

The province's own results are one series; each predecessor (a province merged into it,
or into one of its predecessors) is a series of its own, labelled as the predecessor's.
Nothing is summed or averaged across a merger: an index belongs to the province that was
scored, in the year it was scored.
"""

from django.utils.translation import gettext as _

from agencies.models import Province

from .models import ParIndexResult


def _point(result: ParIndexResult) -> dict:
    return {
        "year": result.year,
        "index": result.index_pct,
        "appraisal": result.appraisal_points,
        "survey": result.survey_points,
        "rank": result.rank,
        "province_count": result.province_count,
        "group": result.group,
        "illustrative": result.is_illustrative,
    }


def province_trend(*, province: Province) -> list[dict]:
    """[{province_id, name, label, own, note, points: [...]}, …], the province first."""
    edges = province.predecessors()
    ids = [province.pk, *(edge.predecessor_id for edge in edges)]
    points: dict[int, list[dict]] = {pk: [] for pk in ids}
    for result in ParIndexResult.objects.filter(province_id__in=ids).order_by("year"):
        points[result.province_id].append(_point(result))
    series = [
        {
            "province_id": province.pk,
            "name": province.name,
            "label": province.name,
            "own": True,
            "note": "",
            "points": points[province.pk],
        }
    ]
    for edge in edges:
        note = _("hợp nhất vào {successor} từ {date} ({basis})").format(
            successor=edge.successor.name,
            date=edge.effective_date.strftime("%d/%m/%Y"),
            basis=edge.legal_basis or _("không ghi căn cứ"),
        )
        series.append(
            {
                "province_id": edge.predecessor_id,
                "name": edge.predecessor.name,
                "label": _("{name} (trước sắp xếp)").format(name=edge.predecessor.name),
                "own": False,
                "note": note,
                "merged_on": edge.effective_date,
                "points": points[edge.predecessor_id],
            }
        )
    return series
