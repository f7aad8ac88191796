"""Import fixtures: the scope options of each kind, and a snapshot of every table's row count."""

from decimal import Decimal

import pytest
from django.apps import apps

from agencies.models import AgencyAlias
from tests.factories import FrameworkFactory, make_tree


@pytest.fixture
def framework(dept_group):
    framework = FrameworkFactory(group=dept_group, year=2023, total_max=Decimal("100"))
    make_tree(framework, {"1": ("Công tác chỉ đạo, điều hành", [("1.1", 2), ("1.2", 3)])})
    return framework


@pytest.fixture
def scope(province, dept_group, agency_a, agency_b, framework):
    """Options per kind, for the Hà Tĩnh province of the personas."""
    AgencyAlias.objects.create(agency=agency_a, alias="Sở chung")
    AgencyAlias.objects.create(agency=agency_b, alias="Sở chung")
    base = {"province_id": province.pk}
    scoped = {**base, "year": 2023, "group_id": dept_group.pk}
    return {
        "results": scoped,
        "criteria": scoped,
        "scores": scoped,
        "agencies": base,
        "procedures": {**base, "year": 2023},
        "service_index": base,
    }


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("agencies", "indicators", "inspections")
        for model in apps.get_app_config(app).get_models()
    }
