"""Hà Tĩnh's CCHC years: 2019–2024 published, 2025 open.

Rank facts from public sources are kept: Sở Xây dựng 13/17 in 2022 (HĐND supervision of
18/10/2023, seed 000) and the 2022 → 2023 movements reported for Hà Tĩnh (domain brief
§8.5: KH&CN first in 2023; TT&TT 5→2, Ngoại vụ 11→3, KH&ĐT 12→4, GD&ĐT 10→5,
Công Thương 16→10, Y tế 17→14; 2023 averages sở 90.53 %, huyện 90.59 %). The index
values themselves are illustrative.
"""

import random

from agencies.models import Agency
from indicators.models import AnnualReport, DeadlineExtension

from . import SEED, moment
from .agencies import DEPARTMENTS, DISTRICTS, DemoProvince
from .frameworks import get_framework
from .score_plans import order_keys, spread_targets
from .scores import build_year

Status = AnnualReport.Status
PAST_YEARS = range(2019, 2025)
OPEN_YEAR = 2025

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
COMMUNE_MEAN_2025 = 82.0

OPEN_YEAR_DEPARTMENT_STATUS = {
    "xaydung": Status.EXPLANATION_REQUESTED,
    "noivu": Status.APPRAISED,
    "tuphap": Status.UNDER_APPRAISAL,
    "taichinh": Status.UNDER_APPRAISAL,
    "khcn": Status.UNDER_APPRAISAL,
    "thanhtra": Status.UNDER_APPRAISAL,
    "congthuong": Status.SUBMITTED,
    "gddt": Status.SUBMITTED,
    "ngoaivu": Status.SUBMITTED,
    "vhttdl": Status.DRAFT,
    "yte": Status.DRAFT,
    "nnmt": Status.DRAFT,
}


def _strength(keys: list[str]) -> dict[str, float]:
    """A stable 'quality' per agency so ranks move plausibly from year to year."""
    return {key: random.Random(f"{SEED}:strength:{key}").gauss(0, 1) for key in keys}


def targets_for(
    *, keys: list[str], year: int, group_code: str, mean: float, fixed: dict[str, int]
) -> dict[str, object]:
    rng = random.Random(f"{SEED}:targets:{group_code}:{year}")
    order = order_keys(keys=keys, rng=rng, strength=_strength(keys), fixed=fixed)
    values = spread_targets(
        rng=rng, count=len(keys), mean=mean, spread=13 if group_code == "xa" else 9
    )
    return dict(zip(order, values, strict=True))


def build_history(demo: DemoProvince) -> list:
    """Every framework of Hà Tĩnh with its reports and results; returns the frameworks made now."""
    made = []
    department_keys = [key for key, *_ in DEPARTMENTS]
    district_keys = [key for key, _ in DISTRICTS]
    for year in PAST_YEARS:
        for group, keys, means, fixed in (
            (demo.departments, department_keys, DEPARTMENT_MEANS, DEPARTMENT_RANKS.get(year, {})),
            (demo.districts, district_keys, DISTRICT_MEANS, {}),
        ):
            framework, created = get_framework(
                province=demo.province, group=group, year=year, is_open=False
            )
            if not created:
                continue
            targets = targets_for(
                keys=keys, year=year, group_code=group.code, mean=means[year], fixed=fixed
            )
            by_agency = {demo.agencies[key]: value for key, value in targets.items()}
            build_year(
                framework=framework,
                targets=by_agency,
                statuses=dict.fromkeys(by_agency, Status.PUBLISHED),
                rng=random.Random(f"{SEED}:scores:{group.code}:{year}"),
                publish=True,
            )
            made.append(framework)
    made += _build_open_year(demo)
    return made


def _build_open_year(demo: DemoProvince) -> list:
    made = []
    departments = {
        a: key for key, a in demo.agencies.items() if a in demo.departments_in(OPEN_YEAR)
    }
    framework, created = get_framework(
        province=demo.province, group=demo.departments, year=OPEN_YEAR, is_open=True
    )
    if created:
        targets = targets_for(
            keys=list(departments.values()),
            year=OPEN_YEAR,
            group_code="so",
            mean=DEPARTMENT_MEANS[OPEN_YEAR],
            fixed={},
        )
        build_year(
            framework=framework,
            targets={demo.agencies[k]: v for k, v in targets.items()},
            statuses={a: OPEN_YEAR_DEPARTMENT_STATUS[k] for a, k in departments.items()},
            rng=random.Random(f"{SEED}:scores:so:{OPEN_YEAR}"),
            publish=False,
        )
        # The department formed on 01/03/2025 got more time for its first self-assessment.
        DeadlineExtension.objects.create(
            framework=framework,
            agency=demo.agencies["nnmt"],
            self_assessment_deadline=moment(OPEN_YEAR + 1, 1, 24, 17),
            reason="Đơn vị mới thành lập từ 01/03/2025 trên cơ sở hợp nhất Sở TN&MT và Sở NN&PTNT.",
        )
        made.append(framework)
    communes: list[Agency] = demo.communes_in(OPEN_YEAR)
    framework, created = get_framework(
        province=demo.province, group=demo.communes, year=OPEN_YEAR, is_open=True
    )
    if created:
        keys = [f"xa{i}" for i in range(len(communes))]
        targets = targets_for(
            keys=keys, year=OPEN_YEAR, group_code="xa", mean=COMMUNE_MEAN_2025, fixed={}
        )
        cycle = [Status.DRAFT] * 7 + [Status.SUBMITTED] * 7 + [Status.UNDER_APPRAISAL] * 6
        build_year(
            framework=framework,
            targets={demo.agencies[k]: v for k, v in targets.items()},
            statuses={demo.agencies[k]: cycle[i % len(cycle)] for i, k in enumerate(keys)},
            rng=random.Random(f"{SEED}:scores:xa:{OPEN_YEAR}"),
            publish=False,
        )
        made.append(framework)
    return made
