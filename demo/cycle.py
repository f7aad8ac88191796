"""Which year's CCHC cycle is running on a given day, and the dates the demo gives it.

The rule, in one place: year N's cycle runs from 1 July of N to 30 June of N+1. UBND tỉnh
issues the year's criteria in the second half of N, agencies self-assess around the turn of
the year, and appraisal, explanation and publication run into the spring of N+1 (domain
brief §3.3). So on any day the open year is the one whose cycle is running, and every
earlier year is published.

A demo server is not reloaded every month, and a visitor must be able to walk the cycle on
the day they come: the open year keeps its usual deadlines (self-assessment 10 January,
explanation 28 February of N+1) while those are far enough ahead, and otherwise gets
deadlines a few weeks after today. Timestamps of what already happened in the open year
(submissions, appraisals) fall between the criteria decision and today.
"""

import datetime
import random
from dataclasses import dataclass

from . import TZ, moment

FIRST_YEAR = 2019
CYCLE_START_MONTH = 7  # 1 July: the month the open year changes

# The usual calendar of year N's cycle, as (month, day) of the year given.
USUAL_CRITERIA_DAY = (10, 1)  # of N
USUAL_SELF_DEADLINE = (1, 10)  # of N+1, 17:00
USUAL_EXPLANATION_DEADLINE = (2, 28)  # of N+1, 17:00
# How far ahead the deadlines stay at the least, so every step of the cycle can be tried.
SELF_LEAD = datetime.timedelta(days=14)
EXPLANATION_AFTER_SELF = datetime.timedelta(days=28)
EXTENSION = datetime.timedelta(days=14)
# The criteria decision is at least this old, so the reports had time to be submitted.
CRITERIA_AGE = datetime.timedelta(days=45)
DEADLINE_HOUR = 17

# Illustrative decisions issuing each year's criteria (one decision for every group).
CRITERIA_DECISIONS = {
    2019: ("2851/QĐ-UBND", datetime.date(2019, 9, 12)),
    2020: ("3017/QĐ-UBND", datetime.date(2020, 9, 8)),
    2021: ("3120/QĐ-UBND", datetime.date(2021, 9, 20)),
    2022: ("2538/QĐ-UBND", datetime.date(2022, 11, 25)),
    2023: ("2462/QĐ-UBND", datetime.date(2023, 10, 31)),
    2024: ("2380/QĐ-UBND", datetime.date(2024, 10, 15)),
    2025: ("2205/QĐ-UBND", datetime.date(2025, 10, 20)),
    2026: ("2218/QĐ-UBND", datetime.date(2026, 10, 16)),
}
# Publication decisions of past years (illustrative numbers; one decision for every group).
PUBLICATIONS = {
    2019: ("412/QĐ-UBND", datetime.date(2020, 2, 14)),
    2020: ("538/QĐ-UBND", datetime.date(2021, 2, 26)),
    2021: ("735/QĐ-UBND", datetime.date(2022, 3, 30)),
    2022: ("611/QĐ-UBND", datetime.date(2023, 3, 24)),
    2023: ("598/QĐ-UBND", datetime.date(2024, 3, 15)),
    2024: ("702/QĐ-UBND", datetime.date(2025, 3, 28)),
    2025: ("236/QĐ-UBND", datetime.date(2026, 3, 20)),
}


def open_year(today: datetime.date) -> int:
    """The year whose cycle is running on `today` (see the module docstring)."""
    return today.year if today.month >= CYCLE_START_MONTH else today.year - 1


def criteria_decision(year: int) -> tuple[str, datetime.date]:
    """The decision issuing `year`'s criteria (an illustrative one for years not listed)."""
    return CRITERIA_DECISIONS.get(
        year, (f"{100 + year % 100}/QĐ-UBND", datetime.date(year, *USUAL_CRITERIA_DAY))
    )


def publication_decision(year: int) -> tuple[str, datetime.date]:
    """The decision publishing `year`'s results; years not listed are published in March."""
    return PUBLICATIONS.get(year, (f"{500 + year % 100}/QĐ-UBND", datetime.date(year + 1, 3, 27)))


def _at_five(day: datetime.date) -> datetime.datetime:
    return moment(day.year, day.month, day.day, DEADLINE_HOUR)


@dataclass(frozen=True)
class Cycle:
    """The open year on one day: its criteria decision, deadlines and the time passed in it."""

    year: int
    now: datetime.datetime
    criteria_date: datetime.date
    self_deadline: datetime.datetime
    explanation_deadline: datetime.datetime

    @property
    def published_years(self) -> range:
        return range(FIRST_YEAR, self.year)

    @property
    def extended_self_deadline(self) -> datetime.datetime:
        """The later deadline of the agency that asked for more time."""
        return self.self_deadline + EXTENSION

    def moment_between(self, rng: random.Random, start: float, end: float) -> datetime.datetime:
        """A working-hours moment at a share in [start, end] of the time since the criteria
        decision (a week after it) up to an hour ago."""
        first = datetime.datetime.combine(
            self.criteria_date + datetime.timedelta(days=7), datetime.time(8), tzinfo=TZ
        )
        last = self.now - datetime.timedelta(hours=1)
        when = first + (last - first) * rng.uniform(start, end)
        if when.hour < 8 or when.hour >= 17:
            when = when.replace(hour=rng.randint(8, 16))
        return min(when, last).replace(second=0, microsecond=0)


def cycle_on(now: datetime.datetime) -> Cycle:
    """The cycle running at `now`."""
    today = now.astimezone(TZ).date()
    year = open_year(today)
    criteria_date = min(criteria_decision(year)[1], today - CRITERIA_AGE)
    self_deadline = max(
        _at_five(datetime.date(year + 1, *USUAL_SELF_DEADLINE)), _at_five(today + SELF_LEAD)
    )
    explanation_deadline = max(
        _at_five(datetime.date(year + 1, *USUAL_EXPLANATION_DEADLINE)),
        self_deadline + EXPLANATION_AFTER_SELF,
    )
    return Cycle(
        year=year,
        now=now,
        criteria_date=criteria_date,
        self_deadline=self_deadline,
        explanation_deadline=explanation_deadline,
    )
