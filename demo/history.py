"""Hà Tĩnh's CCHC years: every year before the open one published (`demo.cycle` says which
year is open on a day), the open one built by `demo.open_cycle`.

Rank facts from public sources are kept: Sở Xây dựng 13/17 in 2022 (HĐND supervision of
18/10/2023, seed 000) and the 2022 → 2023 movements reported for Hà Tĩnh (domain brief
§8.5: KH&CN first in 2023; TT&TT 5→2, Ngoại vụ 11→3, KH&ĐT 12→4, GD&ĐT 10→5,
Công Thương 16→10, Y tế 17→14; 2023 averages sở 90.53 %, huyện 90.59 %). The index
values themselves are illustrative. Groups follow the 2025 reform: 17 departments and 13
districts until 2024; from 2025 the 12 post-merger departments, the phường and the xã.
"""

import random

from indicators.models import AnnualReport

from . import SEED
from .agencies import DemoProvince, commune_keys, department_keys, district_keys, ward_keys
from .cycle import Cycle
from .frameworks import get_framework
from .open_cycle import build_open_year
from .score_plans import order_keys, spread_targets
from .scores import build_year

Status = AnnualReport.Status

# Published ranks that the demo reproduces, {year: {agency key: rank}}.
DEPARTMENT_RANKS = {
    2022: {
        "tttt": 5,
        "gddt": 10,
        "ngoaivu": 11,
        "khdt": 12,
        "xaydung": 13,
        "congthuong": 16,
        "yte": 17,
    },
    2023: {"khcn": 1, "tttt": 2, "ngoaivu": 3, "khdt": 4, "gddt": 5, "congthuong": 10, "yte": 14},
}
# Group averages per year; 2023 is the published one, the others an illustrative trend.
DEPARTMENT_MEANS = {
    2019: 86.4,
    2020: 87.3,
    2021: 88.5,
    2022: 89.2,
    2023: 90.53,
    2024: 91.1,
    2025: 89.0,
}
DISTRICT_MEANS = {2019: 85.9, 2020: 87.0, 2021: 88.1, 2022: 89.6, 2023: 90.59, 2024: 91.3}
# Communes are scored from 2025 on, lower at first (new units, new criteria); the phường,
# with their one-stop shops already online, a little higher.
COMMUNE_MEANS = {2025: 82.0}
WARD_MEANS = {2025: 85.0}


def group_mean(means: dict[int, float], year: int) -> float:
    """The year's group average; after the listed years a slow rise, capped below 93 %."""
    last = max(means)
    return means.get(year, min(92.8, means[last] + 0.7 * (year - last)))


def _strength(keys: list[str]) -> dict[str, float]:
    """A stable 'quality' per agency so ranks move plausibly from year to year."""
    return {key: random.Random(f"{SEED}:strength:{key}").gauss(0, 1) for key in keys}


def targets_for(
    *, keys: list[str], year: int, group_code: str, mean: float, fixed: dict[str, int]
) -> dict[str, object]:
    rng = random.Random(f"{SEED}:targets:{group_code}:{year}")
    order = order_keys(keys=keys, rng=rng, strength=_strength(keys), fixed=fixed)
    values = spread_targets(
        rng=rng, count=len(keys), mean=mean, spread=13 if group_code in ("xa", "phuong") else 9
    )
    return dict(zip(order, values, strict=True))


def scored_groups(demo: DemoProvince, year: int) -> list[tuple]:
    """(group, agency keys, group mean, fixed ranks) of every group scored in `year`."""
    groups = [
        (demo.departments, department_keys(year), group_mean(DEPARTMENT_MEANS, year)),
        (demo.districts, district_keys(year), DISTRICT_MEANS.get(year)),
        (demo.wards, ward_keys(year), group_mean(WARD_MEANS, year)),
        (demo.communes, commune_keys(year), group_mean(COMMUNE_MEANS, year)),
    ]
    return [
        (group, keys, mean, DEPARTMENT_RANKS.get(year, {}) if group is demo.departments else {})
        for group, keys, mean in groups
        if keys
    ]


def targets_of(demo: DemoProvince, *, group, keys, year: int, mean: float, fixed) -> dict:
    """{agency: target index} of one group and year."""
    targets = targets_for(keys=keys, year=year, group_code=group.code, mean=mean, fixed=fixed)
    return {demo.agencies[key]: value for key, value in targets.items()}


def build_history(demo: DemoProvince, cycle: Cycle) -> list:
    """Every framework of Hà Tĩnh with its reports and results; returns the frameworks made now."""
    made = []
    for year in cycle.published_years:
        for group, keys, mean, fixed in scored_groups(demo, year):
            framework, created = get_framework(province=demo.province, group=group, year=year)
            if not created:
                continue
            targets = targets_of(demo, group=group, keys=keys, year=year, mean=mean, fixed=fixed)
            build_year(
                framework=framework,
                targets=targets,
                statuses=dict.fromkeys(targets, Status.PUBLISHED),
                rng=random.Random(f"{SEED}:scores:{group.code}:{year}"),
                publish=True,
            )
            made.append(framework)
    for group, keys, mean, fixed in scored_groups(demo, cycle.year):
        targets = targets_of(demo, group=group, keys=keys, year=cycle.year, mean=mean, fixed=fixed)
        framework = build_open_year(demo, group=group, targets=targets, cycle=cycle)
        if framework is not None:
            made.append(framework)
    return made
