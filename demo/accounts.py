"""The demo accounts (created only here, by `load_demo`), all with the password demo12345.

Each reporter has work waiting in the open year (see `demo.open_cycle`): `sxd` and `sgtvt`
share Sở Xây dựng's draft (Sở GTVT merged into Sở Xây dựng on 01/03/2025 and its staff
moved with it, so `sgtvt` is now Sở Xây dựng's second reporter; Sở GTVT's own reports, all
published, stay readable to every reporter), and `skhcn` has an explanation to write for
Sở Khoa học và Công nghệ (which absorbed Sở TT&TT). `bonoivu` is Bộ Nội vụ's reader: every
province, read-only, no province of its own.
"""

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
    ("sgtvt", "Hoàng Văn", "Bình", Role.REPORTER, "xaydung", False),
    ("skhcn", "Phạm Quốc", "Huy", Role.REPORTER, "khcn", False),
    # Bộ Nội vụ: reads every province, tied to none.
    ("bonoivu", "Đỗ Minh", "Tuấn", Role.BONOIVU, None, False),
]
USERNAMES = [username for username, *_ in ACCOUNTS]


def build_accounts(demo: DemoProvince) -> int:
    """Create the missing demo users; an existing user keeps its password, and a demo reporter
    still tied to an agency other than the one above (`sgtvt` loaded before the merger was
    modelled) is moved to it. Returns how many users were created."""
    User = get_user_model()
    hashed = None
    created = 0
    existing = {
        m.user.username: m
        for m in Membership.objects.filter(user__username__in=USERNAMES).select_related("user")
    }
    for username, first, last, role, agency_key, superuser in ACCOUNTS:
        agency = demo.agencies[agency_key] if agency_key else None
        membership = existing.get(username)
        if membership is not None:
            if role == Role.REPORTER and membership.agency_id != agency.pk:
                membership.agency = agency
                membership.save(update_fields=["agency"])
            continue
        if User.objects.filter(username=username).exists():
            continue
        hashed = hashed or make_password(PASSWORD)  # one hash: PBKDF2 is slow on purpose
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{'moha' if role == Role.BONOIVU else 'hatinh'}.cchc.example",
            password=hashed,
            is_staff=superuser,
            is_superuser=superuser,
        )
        province = None if role == Role.BONOIVU else demo.province
        Membership.objects.create(user=user, role=role, province=province, agency=agency)
        created += 1
    return created
