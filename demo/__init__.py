"""The demo data behind `manage.py load_demo`, split by job.

- `cycle`: which year is open on a given day, and the dates of its cycle;
- `agencies`: Hà Tĩnh's departments and districts, the 2025 mergers and communes;
- `criteria_tree`: the criteria tree, written once as data;
- `frameworks`: one framework per year and group, with that tree, bands and surveys;
- `history`: the published years of each group, from the targets to the publication;
- `open_cycle`: the open year, with a report in every workflow state;
- `evidence`: the evidence files of the demo reporters' draft;
- `score_plans`: target indices and the points that add up to them;
- `scores`: self/appraised/final scores written from those plans, publication of past years;
- `procedures`: dossier statistics and the 766 service index;
- `inspection_plans`: plans, visits, findings and recommendations written as data;
- `supervisions`: Hà Tĩnh's two HĐND supervisions of 2023 (real);
- `inspections`: Sở Nội vụ's inspections in Hà Tĩnh (illustrative);
- `seeds`: the real figures of the other seed articles (Thái Bình, Hà Giang, Lạng Sơn);
- `accounts`: the demo users;
- `par_index`: the provinces' map (63 → 34) and Bộ Nội vụ's PAR INDEX table (illustrative);
- `national`: an optional synthetic province for load tests;
- `loading`: the orchestration, in one transaction.

Everything is deterministic for a given day (`random.Random` seeded with fixed strings; the
open year and its dates follow the day, see `cycle`) and created only when missing, so
running the command twice changes nothing.
"""

import datetime
import zoneinfo

SEED = "cchc-demo-v1"
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def moment(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A timezone-aware datetime in the project's zone (fixed, so runs are identical)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)
