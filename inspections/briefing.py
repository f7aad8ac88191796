"""The council brief: one agency's year on at most two A4 pages, for an HĐND meeting.

It is the agency profile's data (`indicators.profiles.agency_profile`: rank, trend, what
moved it, fields against the group) with the agency's open recommendations, which the
profile page loads through htmx and the brief renders on the server. It lives here because
recommendations are this app's and `indicators` must not import `inspections`.
"""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from indicators.profiles import agency_profile
from indicators.targets import agency_gaps

from .models import Recommendation
from .remediation import open_actions

# What fits the brief's two pages; the rest is counted and left to the profile.
TREND_YEARS = 6
MOVED_ROWS = 5
RECOMMENDATIONS = 8
ACTIONS = 6


def open_recommendations(*, agency, limit: int = RECOMMENDATIONS) -> dict:
    """The agency's recommendations not done yet, overdue first then by deadline: the first
    `limit` with their visit and plan, and how many there are in all (two queries)."""
    today = timezone.localdate()
    pending = Recommendation.objects.filter(addressee=agency).exclude(
        status=Recommendation.Status.DONE
    )
    ordered = pending.annotate(
        late=Case(
            When(deadline__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("late", "deadline", "pk")
    rows = list(ordered.select_related("visit__plan")[:limit])
    total = pending.count() if len(rows) == limit else len(rows)
    return {
        "rows": rows,
        "total": total,
        "more": total - len(rows),
        "overdue": sum(r.is_overdue(today) for r in rows),
        "today": today,
    }


def council_brief(*, agency, year: int | None, with_recommendations: bool) -> dict:
    """Everything the brief shows. `with_recommendations` is False for a reader who may not
    read the agency's own records: the brief then says so instead of listing them."""
    data = agency_profile(agency=agency, year=year)
    own = next((s for s in data["series"] if s["own"]), {"points": []})
    shown = [p for p in own["points"] if data["year"] is None or p["year"] <= data["year"]]
    data["trend"] = shown[-TREND_YEARS:]
    data["moved_rows"] = data["moved"]["rows"][:MOVED_ROWS]
    for stat in data["field_stats"]:
        mean, value = stat["mean"], stat["agency"]
        stat["gap"] = value - mean if value is not None and mean is not None else None
    data["edition"] = data["editions"][-1] if data["editions"] else None
    gaps = agency_gaps(agency=agency, year=data["year"])
    data["target_gaps"] = {"gaps": gaps, "met": sum(1 for g in gaps if g.met)}
    data["recommendations"] = open_recommendations(agency=agency) if with_recommendations else None
    data["remediation"] = (
        open_actions(agency=agency, limit=ACTIONS) if with_recommendations else None
    )
    return data
