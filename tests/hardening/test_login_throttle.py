"""Login throttling per IP across usernames: a spray of usernames from one address is
slowed, while the pair lock (username + IP) and other addresses go on as before."""

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_IP_FAILURE_LIMIT = 8
    AxesProxyHandler.implementation = None  # pick up the handler from the settings
    yield
    AxesProxyHandler.implementation = None


def login(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_username_spray_from_one_ip_locks_that_ip(axes_on, noivu_staff):
    client = Client()
    for i in range(7):  # one guess each: no pair reaches its limit of 5
        assert login(client, f"khong-co-{i}", "sai", "203.0.113.9").status_code == 200
    assert login(client, "khong-co-7", "sai", "203.0.113.9").status_code == 429  # the 8th
    locked = login(client, "noivu", "demo12345", "203.0.113.9")
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    assert "_auth_user_id" not in client.session
    other = Client()
    assert login(other, "noivu", "demo12345", "198.51.100.7").status_code == 302  # elsewhere


def test_a_few_typos_in_one_office_lock_no_one_else(axes_on, noivu_staff):
    client = Client()
    for i in range(4):
        login(client, f"dong-nghiep-{i}", "sai", "203.0.113.10")
    assert login(client, "noivu", "demo12345", "203.0.113.10").status_code == 302


def test_the_pair_lock_still_comes_first(axes_on, db):
    UserFactory(username="sxd")
    client = Client()
    for _ in range(5):
        login(client, "sxd", "sai", "203.0.113.11")
    assert login(Client(), "sxd", "demo12345", "203.0.113.11").status_code == 429
