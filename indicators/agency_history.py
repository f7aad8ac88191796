"""An agency's lineage and its results over the years, its own and its predecessors'.

History is kept per agency. A predecessor's scores (before a merger, rename or split) are
returned as separate series, labelled, and never joined into the successor's line: the
2025 mergers make a sở a different body, and the province did not score it as one.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyLineage
from indicators.models import IndexResult

# How an edge reads from the successor's side and from the predecessor's side.
INCOMING = {
    AgencyLineage.Relation.MERGE_INTO: _("Hợp nhất từ"),
    AgencyLineage.Relation.SPLIT_FROM: _("Tách ra từ"),
    AgencyLineage.Relation.RENAME: _("Đổi tên từ"),
    AgencyLineage.Relation.TRANSFER_FUNCTION: _("Tiếp nhận chức năng từ"),
}
OUTGOING = {
    AgencyLineage.Relation.MERGE_INTO: _("Đã hợp nhất vào"),
    AgencyLineage.Relation.SPLIT_FROM: _("Một phần tách thành"),
    AgencyLineage.Relation.RENAME: _("Đã đổi tên thành"),
    AgencyLineage.Relation.TRANSFER_FUNCTION: _("Đã chuyển giao chức năng cho"),
    AgencyLineage.Relation.ABOLISH: _("Giải thể / kết thúc hoạt động"),
}
SERIES_SUFFIX = {
    AgencyLineage.Relation.MERGE_INTO: _("trước hợp nhất"),
    AgencyLineage.Relation.RENAME: _("trước đổi tên"),
    AgencyLineage.Relation.SPLIT_FROM: _("trước khi tách"),
    AgencyLineage.Relation.TRANSFER_FUNCTION: _("trước chuyển giao"),
}


def lineage_edges(*, agency) -> list:
    """The lineage edges into and out of `agency`, oldest first, with both agencies."""
    return list(_lineage_edges(agency_id=agency.pk))


def _lineage_edges(*, agency_id):
    edges = AgencyLineage.objects.filter(Q(successor_id=agency_id) | Q(predecessor_id=agency_id))
    return edges.select_related("predecessor", "successor").order_by("effective_date", "pk")


def lineage_lines(*, agency, edges=None) -> list[dict]:
    """ "Hợp nhất từ Sở GTVT ngày 01/03/2025" lines, both directions, oldest first."""
    lines = []
    for edge in lineage_edges(agency=agency) if edges is None else edges:
        if edge.successor_id == agency.pk:
            lines.append(
                {
                    "label": INCOMING.get(edge.relation, edge.get_relation_display()),
                    "other": edge.predecessor,
                    "date": edge.effective_date,
                    "legal_basis": edge.legal_basis,
                    "direction": "in",
                }
            )
        else:
            lines.append(
                {
                    "label": OUTGOING.get(edge.relation, edge.get_relation_display()),
                    "other": edge.successor,
                    "date": edge.effective_date,
                    "legal_basis": edge.legal_basis,
                    "direction": "out",
                }
            )
    return lines


def history_results(*, agency, edges) -> tuple[list, list]:
    """The agency's predecessors (transitively) and every result of it and of them, oldest
    first: the history chart, the year selector and last year's components all read it."""
    # Only an agency with an incoming edge has predecessors to walk.
    ancestors = agency.ancestry() if any(e.successor_id == agency.pk for e in edges) else []
    results = (
        IndexResult.objects.filter(agency__in=[agency, *ancestors])
        .select_related("framework__group", "report")
        .order_by("framework__year")
    )
    return ancestors, list(results)


def history_series(*, agency, edges=None, history=None) -> list[dict]:
    """Index and rank per year: the agency's own series first, then one per predecessor."""
    edges = lineage_edges(agency=agency) if edges is None else edges
    ancestors, results = history_results(agency=agency, edges=edges) if history is None else history
    relation_of = {
        edge.predecessor_id: edge.relation for edge in edges if edge.successor_id == agency.pk
    }
    points = defaultdict(list)
    for r in results:
        points[r.agency_id].append(
            {
                "year": r.framework.year,
                "index": r.shown_index_pct,
                "rank": r.shown_rank,
                "group_size": r.group_size,
                "band": r.shown_band,
                "published": r.is_published,
            }
        )
    series = [
        {"agency_id": agency.pk, "label": agency.name, "own": True, "points": points[agency.pk]}
    ]
    for ancestor in ancestors:
        if not points[ancestor.pk]:
            continue
        suffix = SERIES_SUFFIX.get(relation_of.get(ancestor.pk), _("trước hợp nhất"))
        series.append(
            {
                "agency_id": ancestor.pk,
                "label": f"{ancestor.name} ({suffix})",
                "own": False,
                "points": points[ancestor.pk],
            }
        )
    return series
