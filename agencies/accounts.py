"""Reporter accounts managed by Sở Nội vụ: create them (one, or a whole list at once), give a
new password, lock and unlock. Every action is written to `AccountEvent` in its transaction.

Passwords: Sở Nội vụ is shown a generated one-time password and hands it over the way a
provincial office reaches its agencies (phone, Zalo, the official letter that assigns the
reporter). A reset link by e-mail would need an SMTP relay and up-to-date personal
addresses, which provincial deployments often lack. Because the password was seen by
someone else, the account must choose its own at first login
(`Membership.must_change_password`).

A generated password is random (12 symbols of 31, about 59 bits), so with the default
PBKDF2 hasher it is stored with fewer rounds than a password a person chose: guessing it
stays out of reach, and a list of a few hundred reporters is created within one request
(`docs/benchmarks-cycle-demo.md`). Django re-hashes it with the default rounds at the first
login (`PBKDF2PasswordHasher.must_update`), and the user replaces it right after.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccountEvent, Agency, Membership

Action = AccountEvent.Action
PASSWORD_SYMBOLS = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read over the phone
PASSWORD_GROUPS = 3
TEMPORARY_PASSWORD_ROUNDS = 20_000


class AccountError(Exception):
    """A refused account action; `str(error)` is a message for the user."""


def generate_password() -> str:
    """A one-time password such as "k7mq-3xtp-hv9d"."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_SYMBOLS) for _position in range(4))
        for _group in range(PASSWORD_GROUPS)
    )


def set_temporary_password(user) -> str:
    """Give `user` a new generated password (not saved); returns it."""
    password = generate_password()
    hasher = get_hasher()  # the project's default
    if isinstance(hasher, PBKDF2PasswordHasher):
        user.password = hasher.encode(password, hasher.salt(), iterations=TEMPORARY_PASSWORD_ROUNDS)
    else:
        user.set_password(password)
    return password


def managed_accounts(user):
    """Reporter accounts `user` may manage: those of their province (every province for an
    administrator without one)."""
    accounts = get_user_model().objects.filter(membership__role=Membership.Role.REPORTER)
    membership = Membership.for_user(user)
    if membership is None:
        return accounts if user.is_superuser else accounts.none()
    if not membership.is_staff_role:
        return accounts.none()
    return membership.in_province(accounts, "membership__province")


def assignable_agencies(user, *, today: datetime.date | None = None):
    """Agencies `user` may create reporters for: those of their province that exist today."""
    membership = Membership.for_user(user)
    if membership is None and user.is_superuser:
        agencies = Agency.objects.all()
    elif membership is not None and membership.is_staff_role:
        agencies = Agency.objects.visible_to(user)
    else:
        agencies = Agency.objects.none()
    return agencies.active_on(today or timezone.localdate()).select_related("province")


def split_name(full_name: str) -> tuple[str, str]:
    """("Nguyễn Thị", "Lan") from "Nguyễn Thị Lan": Django shows first_name then last_name,
    so the family and middle names go first, the given name last."""
    words = full_name.split()
    return " ".join(words[:-1]), (words[-1] if words else "")


@dataclass
class NewReporter:
    """One reporter to create, as typed in the form or read from a row of the list."""

    username: str
    full_name: str
    agency: Agency | None
    email: str = ""


def check_new_reporters(rows: list[NewReporter]) -> dict[int, dict[str, str]]:
    """{row index: {field: message}} for every row that cannot be created as it is."""
    wanted = [row.username.strip().lower() for row in rows]
    taken = set(
        get_user_model()
        .objects.annotate(folded=Lower("username"))
        .filter(folded__in=[w for w in wanted if w])
        .values_list("folded", flat=True)
    )
    problems: dict[int, dict[str, str]] = {}
    seen: dict[str, int] = {}
    for index, (row, username) in enumerate(zip(rows, wanted, strict=True)):
        errors = {}
        if not row.full_name.strip():
            errors["full_name"] = _("Chưa có họ và tên.")
        if not username:
            errors["username"] = _("Chưa có tên đăng nhập.")
        else:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                errors["username"] = _(
                    "“%(name)s” chỉ được gồm chữ, số và các ký tự @ . + - _ (không dấu cách)."
                ) % {"name": row.username}
            else:
                if username in taken:
                    errors["username"] = _("“%(name)s” đã có người dùng.") % {"name": username}
                elif username in seen:
                    errors["username"] = _("“%(name)s” trùng với dòng %(other)s.") % {
                        "name": username,
                        "other": seen[username] + 1,
                    }
        seen.setdefault(username, index)
        if row.agency is None:
            errors.setdefault("agency", _("Chưa chọn đơn vị."))
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                errors["email"] = _("“%(email)s” không phải địa chỉ e-mail.") % {"email": row.email}
        if errors:
            problems[index] = errors
    return problems


def _event(*, account, actor, action: str, agency: Agency, note: str = "") -> AccountEvent:
    return AccountEvent(
        account=account,
        actor=actor,
        action=action,
        province_id=agency.province_id,
        agency=agency,
        note=note[:300],
    )


@transaction.atomic
def create_reporters(
    *, actor, rows: list[NewReporter], action: str = Action.CREATED, note: str = ""
) -> list[tuple[object, str]]:
    """Create every row's account, or none: [(user, one-time password)] in the rows' order.

    Rows are checked again inside the transaction: a username taken since the preview
    refuses the whole list (and a double click finds its own usernames taken)."""
    problems = check_new_reporters(rows)
    if problems:
        first = min(problems)
        raise AccountError(
            _("Chưa tạo tài khoản nào: dòng %(row)s: %(message)s")
            % {"row": first + 1, "message": " ".join(problems[first].values())}
        )
    User = get_user_model()
    created = []
    for row in rows:
        first_name, last_name = split_name(row.full_name)
        user = User(
            username=row.username.strip().lower(),
            first_name=first_name,
            last_name=last_name,
            email=row.email.strip(),
        )
        password = set_temporary_password(user)
        user.save()
        Membership.objects.create(
            user=user,
            role=Membership.Role.REPORTER,
            province_id=row.agency.province_id,
            agency=row.agency,
            must_change_password=True,
        )
        created.append((user, password))
    AccountEvent.objects.bulk_create(
        _event(account=user, actor=actor, action=action, agency=row.agency, note=note)
        for (user, _password), row in zip(created, rows, strict=True)
    )
    return created


def _locked_account(user):
    """The account and its membership re-read under a row lock."""
    return (
        get_user_model()
        .objects.select_for_update(of=("self",))  # the joined rows may be missing (outer join)
        .select_related("membership__agency")
        .get(pk=user.pk)
    )


@transaction.atomic
def reset_password(*, actor, user) -> str:
    """A new one-time password for `user` (their sessions end with the old one)."""
    user = _locked_account(user)
    password = set_temporary_password(user)
    user.save(update_fields=["password"])
    membership = user.membership
    membership.must_change_password = True
    membership.save(update_fields=["must_change_password"])
    _event(account=user, actor=actor, action=Action.PASSWORD_RESET, agency=membership.agency).save()
    return password


@transaction.atomic
def set_active(*, actor, user, active: bool) -> bool:
    """Lock (`active=False`) or unlock an account; returns whether anything changed.

    A locked account cannot log in, and its open sessions end: the authentication backend
    refuses inactive users on every request."""
    user = _locked_account(user)
    if user.pk == actor.pk and not active:
        raise AccountError(_("Không thể tự khóa tài khoản của chính mình."))
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    _event(
        account=user,
        actor=actor,
        action=Action.REACTIVATED if active else Action.DEACTIVATED,
        agency=user.membership.agency,
    ).save()
    return True
