"""Shared fixtures: one province, two agencies of one group, and the named personas.

Personas: `noivu_staff` (Sở Nội vụ), `reporter` (agency A), `other_reporter` (agency B),
`supervisor` (HĐND, read-only), `admin_user`, `national_reader` (Bộ Nội vụ, read-only,
every province), `other_province_staff` (Sở Nội vụ of another province) and `anonymous`.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from agencies.models import Membership
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Every test starts with nothing cached: its first request renders each page part,
    # so response.context holds what the part was rendered from.
    cache.clear()


@pytest.fixture
def province(db):
    return ProvinceFactory(code="HT", name="Hà Tĩnh")


@pytest.fixture
def dept_group(province):
    return AgencyGroupFactory(province=province, code="so", name="Khối sở, ban, ngành")


@pytest.fixture
def agency_a(dept_group):
    return AgencyFactory(group=dept_group, name="Sở Xây dựng")


@pytest.fixture
def agency_b(dept_group):
    return AgencyFactory(group=dept_group, name="Sở Giao thông vận tải")


def _persona(username, role, province, agency=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, province=province, agency=agency)
    return user


@pytest.fixture
def noivu_staff(province):
    return _persona("noivu", Membership.Role.NOIVU, province)


@pytest.fixture
def reporter(province, agency_a):
    return _persona("sxd", Membership.Role.REPORTER, province, agency_a)


@pytest.fixture
def other_reporter(province, agency_b):
    return _persona("sgtvt", Membership.Role.REPORTER, province, agency_b)


@pytest.fixture
def supervisor(province):
    return _persona("giamsat", Membership.Role.SUPERVISOR, province)


@pytest.fixture
def admin_user(province):
    user = _persona("admin", Membership.Role.ADMIN, province)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def national_reader(db):
    return _persona("bonoivu", Membership.Role.BONOIVU, None)


@pytest.fixture
def other_province_staff(db):
    return _persona("noivu_na", Membership.Role.NOIVU, ProvinceFactory(code="NA", name="Nghệ An"))


@pytest.fixture
def anonymous():
    return Client()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(noivu_staff):
    return client_for(noivu_staff)


@pytest.fixture
def reporter_client(reporter):
    return client_for(reporter)


@pytest.fixture
def other_reporter_client(other_reporter):
    return client_for(other_reporter)


@pytest.fixture
def supervisor_client(supervisor):
    return client_for(supervisor)


@pytest.fixture
def admin_client_persona(admin_user):
    return client_for(admin_user)
