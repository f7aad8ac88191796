"""The demo data behind `manage.py load_demo`, split by job.

- `agencies`: Hà Tĩnh's departments and districts, the 2025 mergers and communes;
- `frameworks`: the criteria tree (built once as data) and one framework per year and group;
- `scores`: target indices, self/appraised/final scores, publication of past years;
- `procedures`: dossier statistics and the 766 service index;
- `inspections`: the Hà Tĩnh HĐND supervisions and illustrative Sở Nội vụ inspections;
- `seeds`: the real figures of the other seed articles (Thái Bình, Hà Giang, Lạng Sơn);
- `accounts`: the demo users;
- `national`: an optional synthetic province for load tests;
- `loading`: the orchestration, in one transaction.

Everything is deterministic (`random.Random` seeded with fixed strings) and created only
when missing, so running the command twice changes nothing.
"""

import datetime
import zoneinfo

SEED = "cchc-demo-v1"
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def moment(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A timezone-aware datetime in the project's zone (fixed, so runs are identical)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)
