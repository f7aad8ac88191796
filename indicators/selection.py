"""What a dashboard's query string picked: province, group (khối) and year.

`select` resolves `?province=&group=&year=` against what the user may see; unknown or
foreign ids fall back to the defaults instead of erroring, so a shared link stays usable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from agencies.models import AgencyGroup, Membership, Province
from indicators.models import Framework, IndexResult

CATALOGUE_TIMEOUT = 24 * 3600


@dataclass
class Selection:
    """What the query string picked (year, group, province) and what it could pick."""

    provinces: list = field(default_factory=list)
    province: Province | None = None
    groups: list = field(default_factory=list)
    group: AgencyGroup | None = None
    years: list[int] = field(default_factory=list)
    year: int | None = None
    framework: Framework | None = None
    published_years: set[int] = field(default_factory=set)
    # Years the group has results for that are not published yet.
    provisional_years: set[int] = field(default_factory=set)

    @property
    def is_provisional(self) -> bool:
        """The chosen group and year have results, and they are not published yet (drafts,
        appraisal under way). An empty year is neither published nor provisional."""
        return (
            self.framework is not None
            and getattr(self.framework, "has_results", True)
            and self.year not in self.published_years
        )

    def query(self, **overrides) -> dict:
        """Query-string values for links that keep the current selection."""
        values = {
            "province": self.province.pk if self.province and len(self.provinces) > 1 else None,
            "group": self.group.pk if self.group else None,
            "year": self.year,
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}


# The largest id or year a query string may name: PostgreSQL's bigint (SQLite's integer).
LARGEST = 2**63 - 1


def int_or_none(value) -> int | None:
    """A non-negative id or year from a query string, else None. `str.isdigit` accepts
    "²" and "①", which `int` refuses; `isdecimal` accepts exactly the digits `int`
    reads, and the bound keeps 30 digits from overflowing the database's integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= LARGEST else None
    if not isinstance(value, str) or not value.isdecimal() or len(value) > 19:
        return None
    number = int(value)
    return number if number <= LARGEST else None


def select(*, user, params) -> Selection:
    """Resolve `?province=&group=&year=` against what `user` may see.

    Unknown or foreign ids fall back to the defaults (first province, first group, the
    latest year with results) rather than erroring: a shared link stays usable.
    """
    membership = Membership.for_user(user)
    provinces = membership.visible_provinces() if membership else []
    sel = Selection(provinces=provinces)
    if not provinces:
        return sel
    wanted = int_or_none(params.get("province"))
    sel.province = next((p for p in provinces if p.pk == wanted), provinces[0])
    sel.groups, frameworks = catalogue(province=sel.province)
    wanted = int_or_none(params.get("group"))
    sel.group = next(
        (g for g in sel.groups if g.pk == wanted), sel.groups[0] if sel.groups else None
    )
    sel.years = sorted({f.year for f in frameworks if f.has_results}, reverse=True)
    if sel.group:
        mine = [f for f in frameworks if f.group_id == sel.group.pk]
        sel.published_years = {f.year for f in mine if f.has_published}
        sel.provisional_years = {f.year for f in mine if f.has_results} - sel.published_years
    # An official opening the dashboard expects the last *published* ranking; the open
    # year's provisional numbers are one click away in the year selector.
    default_year = (
        max(sel.published_years) if sel.published_years else (sel.years[0] if sel.years else None)
    )
    wanted = int_or_none(params.get("year"))
    sel.year = wanted if wanted in sel.years else default_year
    if sel.year:
        # The picker offers the blocs of the chosen year (blocs change with the map: no
        # huyện after 2025, phường apart from xã), and keeps the chosen one.
        blocs = {f.group_id for f in frameworks if f.year == sel.year}
        sel.groups = [g for g in sel.groups if g.pk in blocs or g == sel.group]
    if sel.group and sel.year:
        sel.framework = min(
            (f for f in frameworks if f.group_id == sel.group.pk and f.year == sel.year),
            key=lambda f: f.pk,
            default=None,
        )
    return sel


def catalogue(*, province) -> tuple[list, list]:
    """The province's groups, and its frameworks (groups × years, whatever the number of
    agencies) each saying whether it has results and published ones.

    Every dashboard request asks; both lists change only with the province's data, so
    they are cached under its data version.
    """

    def build():
        groups = AgencyGroup.objects.filter(province=province).order_by("order", "name")
        frameworks = (
            Framework.objects.filter(province=province)
            .annotate(
                has_results=Exists(IndexResult.objects.filter(framework=OuterRef("pk"))),
                has_published=Exists(
                    IndexResult.objects.filter(framework=OuterRef("pk"), is_published=True)
                ),
            )
            .order_by()
        )
        return list(groups), list(frameworks)

    key = f"catalogue:{province.pk}:{province.data_version}"
    return cache.get_or_set(key, build, CATALOGUE_TIMEOUT)
