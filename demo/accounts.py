"""The demo accounts (created only here, by `load_demo`), all with the password demo12345."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from agencies.models import Membership

from .agencies import DemoProvince

PASSWORD = "demo12345"
Role = Membership.Role

# username, family + middle name, given name, role, agency key (reporters), superuser.
# Django shows "first last", so the Vietnamese order goes family name first.
ACCOUNTS = [
    ("admin", "Quản trị", "hệ thống", Role.ADMIN, None, True),
    ("noivu", "Lê Thị", "Thu Hà", Role.NOIVU, None, False),
    ("giamsat", "Trần Minh", "Đức", Role.SUPERVISOR, None, False),
    ("sxd", "Nguyễn Thị", "Lan", Role.REPORTER, "xaydung", False),
    ("sgtvt", "Hoàng Văn", "Bình", Role.REPORTER, "gtvt", False),
]


def build_accounts(demo: DemoProvince) -> int:
    """Create the missing demo users; an existing user (and its password) is left alone."""
    User = get_user_model()
    hashed = None
    created = 0
    for username, first, last, role, agency_key, superuser in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        hashed = hashed or make_password(PASSWORD)  # one hash: PBKDF2 is slow on purpose
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@hatinh.cchc.example",
            password=hashed,
            is_staff=superuser,
            is_superuser=superuser,
        )
        Membership.objects.create(
            user=user,
            role=role,
            province=demo.province,
            agency=demo.agencies[agency_key] if agency_key else None,
        )
        created += 1
    return created
