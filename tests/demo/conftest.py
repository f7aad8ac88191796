"""The demo, loaded once per test module and committed outside the per-test transactions."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from demo.loading import load_demo, row_counts


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded twice (the second run must change nothing), flushed afterwards so
    that other modules start from an empty database."""
    # The per-test settings fixture is function-scoped; hash passwords the way tests check them.
    # Flushed first too, in case an interrupted run (with --reuse-db) left committed rows behind.
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),  # the draft's evidence files
        ),
    ):
        call_command("flush", interactive=False, verbosity=0)
        first = load_demo()
        after_first = row_counts()
        second = load_demo()
        after_second = row_counts()
    yield {
        "first": first,
        "second": second,
        "after_first": after_first,
        "after_second": after_second,
    }
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
