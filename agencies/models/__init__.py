"""Who is measured, and who may see what.

A `Province` is the root. Every body it scores is an `Agency`: the provincial
departments (sở, ban, ngành), UBND tỉnh itself, UBND cấp huyện (until 1/7/2025),
UBND cấp xã, central agencies based in the province and public service units. Agencies
form a tree through `parent` (a xã under its huyện before 2025). `AgencyGroup` is the
khối an agency is ranked in. Identity over time is explicit: `valid_from`/`valid_to`,
official codes with their own validity, and `AgencyLineage` edges for mergers, splits,
renames, transfers of function and abolitions (NĐ 45/2025/NĐ-CP, NQ 202/2025/QH15).
"""

from .accounts import AccountEvent
from .agencies import (
    Agency,
    AgencyAlias,
    AgencyCode,
    AgencyLineage,
    AgencyQuerySet,
    Membership,
    named,
    normalize_name,
    now_named,
)
from .blocs import AgencyGroupMembership, groups_in_years, move_to_group
from .notifications import Notification
from .provinces import AgencyGroup, Province, ProvinceLineage
from .submissions import Submission

__all__ = [
    "AccountEvent",
    "Agency",
    "AgencyAlias",
    "AgencyCode",
    "AgencyGroup",
    "AgencyGroupMembership",
    "AgencyLineage",
    "AgencyQuerySet",
    "Membership",
    "Notification",
    "Province",
    "ProvinceLineage",
    "Submission",
    "groups_in_years",
    "move_to_group",
    "named",
    "normalize_name",
    "now_named",
]
