"""Reporter accounts as domain code: create one or a list (all or nothing), a new one-time
password, lock and unlock, each audited; who may manage whose account."""

import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import identify_hasher

from agencies import accounts
from agencies.models import AccountEvent, Membership
from tests.factories import AgencyFactory, MembershipFactory, ProvinceFactory, UserFactory

User = get_user_model()
Action = AccountEvent.Action


def new(username, agency, full_name="Nguyễn Thị Lan", email=""):
    return accounts.NewReporter(username=username, full_name=full_name, agency=agency, email=email)


@pytest.fixture
def other_province_reporter(db):
    province = ProvinceFactory(code="NA", name="Nghệ An")
    agency = AgencyFactory(province=province, name="Sở Xây dựng")
    user = UserFactory(username="sxd.na")
    MembershipFactory(user=user, role=Membership.Role.REPORTER, province=province, agency=agency)
    return user


def test_generated_passwords_are_random_and_can_be_read_over_the_phone():
    passwords = {accounts.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert re.fullmatch(
            r"[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}", password
        )


def test_a_created_reporter_logs_in_with_the_one_time_password_and_must_change_it(
    noivu_staff, agency_a
):
    [(user, password)] = accounts.create_reporters(
        actor=noivu_staff, rows=[new("Lan.NT", agency_a, email="lan@example.test")]
    )
    user.refresh_from_db()
    assert (user.username, user.first_name, user.last_name) == ("lan.nt", "Nguyễn Thị", "Lan")
    assert authenticate(username="lan.nt", password=password) == user
    membership = user.membership
    assert membership.role == "reporter" and membership.agency == agency_a
    assert membership.province == agency_a.province and membership.must_change_password
    event = AccountEvent.objects.get(account=user)
    assert (event.action, event.actor, event.agency) == (Action.CREATED, noivu_staff, agency_a)


def test_a_temporary_password_is_hashed_with_fewer_rounds_then_upgraded_at_first_login(
    settings, noivu_staff, agency_a
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    [(user, password)] = accounts.create_reporters(actor=noivu_staff, rows=[new("lan", agency_a)])
    user.refresh_from_db()
    stored = identify_hasher(user.password).decode(user.password)
    assert stored["iterations"] == accounts.TEMPORARY_PASSWORD_ROUNDS
    assert user.check_password(password)  # the login re-hashes a weaker hash
    user.refresh_from_db()
    upgraded = identify_hasher(user.password)
    assert upgraded.decode(user.password)["iterations"] == upgraded.iterations


def test_a_list_is_created_whole_or_not_at_all(noivu_staff, agency_a, agency_b, reporter):
    rows = [new("an.nv", agency_a), new("SXD", agency_b), new("binh.hv", agency_b)]
    with pytest.raises(accounts.AccountError, match="dòng 2: “sxd” đã có người dùng"):
        accounts.create_reporters(actor=noivu_staff, rows=rows)
    assert not User.objects.filter(username__in=["an.nv", "binh.hv"]).exists()
    assert not AccountEvent.objects.exists()


def test_every_problem_of_a_row_is_named_by_field(agency_a):
    problems = accounts.check_new_reporters(
        [
            new("an nv", agency_a),
            new("binh", None, full_name=" "),
            new("BINH", agency_a, email="not-an-address"),
        ]
    )
    assert set(problems[0]) == {"username"} and "dấu cách" in problems[0]["username"]
    assert set(problems[1]) == {"full_name", "agency"}
    assert problems[2]["username"] == "“binh” trùng với dòng 2."
    assert "e-mail" in problems[2]["email"]


def test_a_new_password_ends_the_old_one_forces_a_change_and_is_audited(
    noivu_staff, reporter, client
):
    client.force_login(reporter)
    assert client.get("/").status_code == 200
    password = accounts.reset_password(actor=noivu_staff, user=reporter)
    reporter.refresh_from_db()
    assert reporter.check_password(password) and reporter.membership.must_change_password
    # The open session ended with the old password: back to the login page.
    assert client.get("/")["Location"].startswith("/dang-nhap/")
    event = AccountEvent.objects.get(account=reporter)
    assert (event.action, event.actor) == (Action.PASSWORD_RESET, noivu_staff)


def test_a_locked_account_cannot_log_in_and_unlocking_lets_it_back(noivu_staff, reporter, client):
    client.force_login(reporter)
    assert accounts.set_active(actor=noivu_staff, user=reporter, active=False)
    assert client.get("/")["Location"].startswith("/dang-nhap/")
    assert authenticate(username="sxd", password="demo12345") is None
    assert not accounts.set_active(actor=noivu_staff, user=reporter, active=False)  # no-op
    assert accounts.set_active(actor=noivu_staff, user=reporter, active=True)
    assert authenticate(username="sxd", password="demo12345") == reporter
    assert list(
        AccountEvent.objects.filter(account=reporter)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    ) == [Action.DEACTIVATED, Action.REACTIVATED]


def test_nobody_locks_their_own_account(admin_user):
    with pytest.raises(accounts.AccountError, match="chính mình"):
        accounts.set_active(actor=admin_user, user=admin_user, active=False)


def test_staff_manage_the_reporters_of_their_own_province_only(
    noivu_staff, reporter, other_reporter, supervisor, admin_user, other_province_reporter
):
    assert set(accounts.managed_accounts(noivu_staff)) == {reporter, other_reporter}
    assert set(accounts.managed_accounts(admin_user)) == {reporter, other_reporter}
    national = UserFactory(username="root", is_superuser=True)
    assert other_province_reporter in accounts.managed_accounts(national)
    assert not accounts.managed_accounts(supervisor).exists()
    assert not accounts.managed_accounts(reporter).exists()
    assert set(accounts.assignable_agencies(noivu_staff)) == {
        reporter.membership.agency,
        other_reporter.membership.agency,
    }
