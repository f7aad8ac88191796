"""The session engine (cchc.sessions): Django's database sessions with a prepared lookup."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

OVERVIEW = reverse("indicators:overview")


@pytest.mark.django_db
def test_a_live_session_is_read_and_an_expired_one_is_not(staff_client):
    assert staff_client.get(OVERVIEW).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = staff_client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_logging_out_ends_the_session_for_every_later_request(staff_client):
    key = staff_client.session.session_key
    assert staff_client.get(OVERVIEW).status_code == 200
    staff_client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    staff_client.cookies["sessionid"] = key  # the old cookie, replayed
    assert staff_client.get(OVERVIEW).status_code == 302
