"""`load_demo` in one transaction: Hà Tĩnh, the other seeds, accounts, optional scale-up."""

import time

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from agencies.models import Province

from .accounts import build_accounts
from .agencies import build_ha_tinh
from .cycle import cycle_on
from .history import build_history
from .inspections import build_inspections
from .national import build_national
from .open_cycle import stale_open_years
from .par_index import build_par_index
from .procedures import (
    build_latest_week,
    build_open_year_figures,
    build_procedure_stats,
    build_service_scores,
)
from .remediation import build_remediation
from .seed_history import record_seeded_rows
from .seeds import build_seeds
from .supervisions import build_supervisions
from .targets import build_targets

COUNTED_APPS = ("agencies", "indicators", "inspections", "national", "auth")


def row_counts() -> dict[str, int]:
    """Rows of every model of the project's apps (and users), keyed "app.Model"."""
    return {
        model._meta.label: model._default_manager.count()
        for app in COUNTED_APPS
        for model in apps.get_app_config(app).get_models()
    }


def load_demo(*, national_agencies: int = 0, national_years: int = 0) -> dict:
    """Build everything that is missing; returns {"created": {...}, "totals": {...},
    "year": the open year, "stale_years": [...], "seconds": float}.

    The open year and its deadlines follow today (`demo.cycle`); on a database loaded
    earlier in the same cycle, deadlines that have passed are moved ahead again."""
    started = time.perf_counter()
    before = row_counts()
    cycle = cycle_on(timezone.now())
    with transaction.atomic():
        demo = build_ha_tinh()
        build_history(demo, cycle)
        build_procedure_stats(demo)
        build_service_scores(demo)
        build_open_year_figures(demo, cycle)
        build_latest_week(demo, cycle)
        build_supervisions(demo)
        build_inspections(demo)
        build_seeds()
        build_par_index()
        build_accounts(demo)
        # After the accounts: the alerts it raises notify Sở Nội vụ and the agencies' users.
        build_targets(demo, cycle)
        build_remediation(demo, cycle)
        record_seeded_rows()  # after every seeded change, before the national scale-up
        if national_agencies and national_years:
            build_national(agencies=national_agencies, years=national_years)
        stale_years = stale_open_years(demo, cycle=cycle)
        after = row_counts()
        if after != before:
            Province.objects.all().bump_data_version()
    created = {
        label: after[label] - before.get(label, 0)
        for label in after
        if after[label] != before.get(label, 0)
    }
    return {
        "created": created,
        "totals": after,
        "year": cycle.year,
        "stale_years": stale_years,
        "seconds": time.perf_counter() - started,
    }
