"""Which agency each row of an import names, and whether an earlier row named it already.

`AgencyResolver` is built on `agencies.matching.AgencyMatcher`; `PeriodKeys` finds the
repeated (agency, period) rows of the periodic imports (procedures, the service index).
"""

import datetime

from django.utils.translation import gettext

from agencies.matching import AgencyMatcher, AgencyMatchError
from agencies.models import Agency, AgencyGroup

from .base import Outcome, RowErrors


class AgencyResolver:
    """Agency names of one import → agencies, with duplicate detection and optional creation.

    Built on `agencies.matching.AgencyMatcher`; `create` lets unknown names become new
    agencies of `group` (listed in the preview, created in the commit's transaction).
    """

    def __init__(
        self,
        *,
        province,
        group=None,
        year: int | None = None,
        create: bool = False,
        unique: bool = True,
    ):
        agencies = Agency.objects.filter(province=province)
        if year:
            agencies = agencies.active_in_year(year)
        self.matcher = AgencyMatcher(
            agencies, province_name=province.name, preferred_group_id=getattr(group, "pk", None)
        )
        self.province, self.group, self.create, self.unique = province, group, create, unique
        self.seen: dict[object, int] = {}
        self.created = []

    def resolve(self, errors: RowErrors, key: str = "agency", *, row_key=None):
        """(agency or None, new name or "", reason); records an error and returns None on
        failure."""
        name = errors.text(key, required=True, max_length=200)
        if not name:
            return None
        try:
            match = self.matcher.match_or_create(name) if self.create else self.matcher.match(name)
        except AgencyMatchError as error:
            errors.add(key, str(error))
            return None
        identity = match.agency.pk if match.agency else ("new", match.new_name.lower())
        identity = (identity, row_key) if row_key is not None else identity
        if self.unique:
            if identity in self.seen:
                errors.add(
                    key, gettext("đơn vị trùng với dòng {seen}").format(seen=self.seen[identity])
                )
                return None
            self.seen[identity] = errors.row.number
        return match

    def new_names(self) -> list[str]:
        return sorted(self.matcher.pending.values())

    def agency_for(self, match, outcome: Outcome):
        """The agency of `match`, creating it (once) when it is new."""
        if match.agency is not None:
            return match.agency
        try:  # created by an earlier row of this commit
            found = self.matcher.match(match.new_name).agency
        except AgencyMatchError:
            found = None
        if found is not None:
            return found
        agency = Agency.objects.create(
            province=self.province,
            group=self.group,
            name=match.new_name,
            kind=_agency_kind(self.group),
        )
        self.matcher.register(agency)
        self.created.append(agency)
        outcome.agencies_created += 1
        return agency


def _agency_kind(group) -> str:
    kinds = {
        AgencyGroup.Kind.DEPARTMENT: Agency.Kind.DEPARTMENT,
        AgencyGroup.Kind.DISTRICT: Agency.Kind.DISTRICT,
        AgencyGroup.Kind.COMMUNE: Agency.Kind.COMMUNE,
        AgencyGroup.Kind.CENTRAL: Agency.Kind.CENTRAL,
        AgencyGroup.Kind.SERVICE_UNIT: Agency.Kind.SERVICE_UNIT,
    }
    return kinds.get(getattr(group, "kind", None), Agency.Kind.DEPARTMENT)


class PeriodKeys:
    """Which (agency, period type, period start) rows were seen, and on which row.

    The one structure of a periodic import that grows with the file, so each key is packed
    into a single int (agency << 23 | type << 20 | day ordinal) rather than a tuple of
    objects per row: the preview's memory then stays small for the longest files.
    """

    TYPES = {"month": 1, "quarter": 2, "year": 3, "custom": 4}

    def __init__(self):
        self.rows: dict[int, int] = {}
        self.new_names: dict[str, int] = {}

    def key(self, match, period_type: str, start: datetime.date) -> int:
        if match is None:
            agency = 0  # the province as a whole
        elif match.agency is not None:
            agency = match.agency.pk
        else:
            agency = -self.new_names.setdefault(match.new_name.lower(), len(self.new_names) + 1)
        return (agency << 23) | (self.TYPES.get(period_type, 0) << 20) | start.toordinal()

    def first_row(self, key: int, row: int) -> int | None:
        """The earlier row with `key`, or None (and `row` is remembered)."""
        earlier = self.rows.get(key)
        if earlier is None:
            self.rows[key] = row
        return earlier
