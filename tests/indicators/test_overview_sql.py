"""The SQL side of the overview and profile: what Python used to compute from every row
(KPIs, distribution, field means and medians, neighbours, sort order) now comes from the
database, and must say the same on SQLite and PostgreSQL."""

import statistics
from decimal import Decimal

import pytest

from indicators import overview, profiles
from indicators.models import Framework, IndexResult
from tests.factories import AgencyFactory, IndexResultFactory
from tests.indicators.dashboard_data import build_group


@pytest.fixture
def framework(dept_group):
    build_group(group=dept_group, n=7, years=(2024,), rates=False)
    return Framework.objects.get(group=dept_group, year=2024)


def _set_field(framework, pcts):
    """Give field 1 the component % in `pcts` (agency order by rank); None drops it."""
    for result, pct in zip(
        IndexResult.objects.filter(framework=framework).order_by("rank"), pcts, strict=True
    ):
        components = dict(result.components)
        components["1"] = {"pct": pct} if pct is not None else {}
        result.components = components
        result.save(update_fields=["components"])


@pytest.mark.parametrize(
    "pcts",
    [
        ["90.5000", "71.2500", "88.1000", "64.0000", "99.9999", "70.0001", "80.0000"],  # odd count
        [
            "90.5000",
            "71.2500",
            None,
            "64.0000",
            "99.9999",
            "70.0001",
            "80.0000",
        ],  # even, one missing
        ["90.5000", "junk", "88.1000", "", None, "70.0001", "80.0000"],  # junk is no value
        [None] * 7,
    ],
)
def test_sql_mean_and_median_equal_pythons(framework, pcts):
    _set_field(framework, pcts)
    fields = overview.field_columns(framework=framework)
    stats = {s["code"]: s for s in profiles.field_stats(framework=framework, fields=fields)}
    values = [v for v in (overview.to_decimal(p) for p in pcts) if v is not None]
    if values:
        assert stats["1"]["median"] == statistics.median(values)
        assert stats["1"]["mean"] == sum(values) / len(values)
    else:
        assert stats["1"]["median"] is None and stats["1"]["mean"] is None
    # The other fields are untouched: index − 5 for field 2 on every agency.
    field_2 = [r.index_pct - 5 for r in IndexResult.objects.filter(framework=framework)]
    assert stats["2"]["median"] == statistics.median(field_2)


def test_field_statistics_leave_out_agencies_not_ranked_with_the_group(framework, dept_group):
    special = AgencyFactory(group=dept_group, name="Ban Đặc thù", is_ranked=False)
    IndexResultFactory(
        framework=framework, agency=special, index_pct=99, components={"1": {"pct": "1000"}}
    )
    fields = overview.field_columns(framework=framework)
    before = [
        r.components["1"]["pct"]
        for r in IndexResult.objects.filter(framework=framework, agency__is_ranked=True)
    ]
    stats = {s["code"]: s for s in profiles.field_stats(framework=framework, fields=fields)}
    assert stats["1"]["median"] == statistics.median(Decimal(v) for v in before)


def test_summary_counts_bands_and_bins_in_one_query(framework, django_assert_num_queries):
    bands = overview.bands_of(framework=framework)
    with django_assert_num_queries(1):
        summary = overview.group_summary(framework=framework, bands=bands)
    indices = [r.index_pct for r in IndexResult.objects.filter(framework=framework)]
    assert summary["total"] == summary["ranked"] == 7
    assert summary["average"] == sum(indices) / 7
    assert summary["lowest"] == min(indices)
    counts = {b["name"]: b["count"] for b in summary["band_counts"]}
    assert counts["Xuất sắc"] == sum(1 for i in indices if i >= 90) and sum(counts.values()) == 7
    assert sum(b["count"] for b in summary["bins"]) == 7
    for b in summary["bins"]:  # each bin's value stands for a 2.5-point bin holding `count` indices
        start = (b["value"] // Decimal("2.5")) * Decimal("2.5")
        assert b["count"] == sum(1 for i in indices if start <= i < start + Decimal("2.5"))


def test_published_values_win_in_rows_and_summary(framework):
    result = IndexResult.objects.get(framework=framework, rank=7)
    IndexResult.objects.filter(pk=result.pk).update(
        published_index_pct=Decimal("99.5"), published_rank=1, published_band="Xuất sắc", band="Tốt"
    )
    row = overview.ranking_rows(framework=framework).get(agency_id=result.agency_id)
    assert (row["shown_index"], row["shown_rank"], row["shown_band"], row["rank_label"]) == (
        Decimal("99.5"),
        1,
        "Xuất sắc",
        "1/7",
    )


def test_unranked_agencies_sort_last_and_read_a_dash(framework, dept_group):
    special = AgencyFactory(group=dept_group, name="A đứng đầu bảng chữ cái", is_ranked=False)
    IndexResultFactory(
        framework=framework, agency=special, index_pct=99, rank=None, group_size=None
    )
    rows = list(overview.ranking_rows(framework=framework))
    assert rows[-1]["agency_name"] == "A đứng đầu bảng chữ cái"
    assert rows[-1]["rank_label"] == "—"
    assert [r["shown_rank"] for r in rows[:-1]] == list(range(1, 8))


def test_sql_neighbours_match_the_python_picker(framework):
    everyone = list(overview.ranking_rows(framework=framework))
    for row in everyone:
        standing = profiles.group_standing(framework=framework, agency_id=row["agency_id"])
        expected = profiles.neighbours(rows=everyone, agency_id=row["agency_id"])
        assert [
            (n["agency_id"], n["gap_before"], n["is_self"]) for n in standing["neighbours"]
        ] == [(n["agency_id"], n["gap_before"], n["is_self"]) for n in expected]
        assert standing["current"]["agency_id"] == row["agency_id"]
        assert standing["group_size"] == 7


def test_an_unranked_agency_sees_only_the_top_three(framework, dept_group):
    special = AgencyFactory(group=dept_group, name="Ban Đặc thù", is_ranked=False)
    IndexResultFactory(
        framework=framework, agency=special, index_pct=99, rank=None, group_size=None
    )
    standing = profiles.group_standing(framework=framework, agency_id=special.pk)
    assert [n["shown_rank"] for n in standing["neighbours"]] == [1, 2, 3]
    assert standing["current"]["rank_label"] == "—"


def test_a_field_column_sorts_missing_values_lowest(staff_client, framework):
    _set_field(framework, ["90", None, "88", "64", "junk", "70", "80"])
    response = staff_client.get("/", {"sort": "field_0", "group": framework.group_id})
    values = [
        overview.component_value(row.record["components"], "1")
        for row in response.context["table"].rows
    ]
    assert values[:2] == [None, None]
    assert values[2:] == sorted(values[2:])
