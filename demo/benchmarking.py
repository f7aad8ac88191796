"""Throwaway databases for the benchmarks of `make bench`: each part builds its data in a
fresh copy of the configured database and leaves nothing behind."""

import contextlib

from django.conf import settings
from django.db import connection
from django.test.utils import override_settings


class _NoMigrations:
    """Build tables straight from the models, as pytest's --nomigrations does."""

    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


@contextlib.contextmanager
def throwaway_database(suffix: str = "bench"):
    """A fresh copy of the configured database (in memory on SQLite), destroyed on exit."""
    db = connection.settings_dict
    old_name = db["NAME"]
    test_settings = db.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    test_settings["NAME"] = None if connection.vendor == "sqlite" else f"{old_name}_{suffix}"
    # Timings without DEBUG's query log, which grows with every statement.
    debug, settings.DEBUG = settings.DEBUG, False
    try:
        with override_settings(MIGRATION_MODULES=_NoMigrations()):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        test_settings["NAME"] = saved
        settings.DEBUG = debug
