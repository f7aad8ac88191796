"""`load_demo` in one transaction: Hà Tĩnh, the other seeds, accounts, optional scale-up."""

import time

from django.apps import apps
from django.db import transaction

from .accounts import build_accounts
from .agencies import build_ha_tinh
from .history import build_history
from .inspections import build_inspections
from .national import build_national
from .procedures import build_procedure_stats, build_service_scores
from .seeds import build_seeds
from .supervisions import build_supervisions

COUNTED_APPS = ("agencies", "indicators", "inspections", "auth")


def row_counts() -> dict[str, int]:
    """Rows of every model of the project's apps (and users), keyed "app.Model"."""
    return {
        model._meta.label: model._default_manager.count()
        for app in COUNTED_APPS
        for model in apps.get_app_config(app).get_models()
    }


def load_demo(*, national_agencies: int = 0, national_years: int = 0) -> dict:
    """Build everything that is missing; returns {"created": {...}, "seconds": float}."""
    started = time.perf_counter()
    before = row_counts()
    with transaction.atomic():
        demo = build_ha_tinh()
        build_history(demo)
        build_procedure_stats(demo)
        build_service_scores(demo)
        build_supervisions(demo)
        build_inspections(demo)
        build_seeds()
        build_accounts(demo)
        if national_agencies and national_years:
            build_national(agencies=national_agencies, years=national_years)
    after = row_counts()
    created = {
        label: after[label] - before.get(label, 0)
        for label in after
        if after[label] != before.get(label, 0)
    }
    return {"created": created, "totals": after, "seconds": time.perf_counter() - started}
