"""Vietnam's time (UTC+07:00, no daylight saving): the time people at a desk read. "Today" and
the end of an as-of day are the desk's (setting time_zone), never the server's UTC date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

VIETNAM = timezone(timedelta(hours=7), "ICT")
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"


def local_today(zone: str = DEFAULT_ZONE, now: datetime | None = None) -> date:
    """The date at ``zone`` now (or at ``now``, an aware time)."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(zone)).date()


def end_of_day(day: date, zone: str = DEFAULT_ZONE) -> datetime:
    """The first instant after ``day`` at ``zone``, in UTC: what happened before it happened
    on or before that day."""
    start = datetime.combine(day + timedelta(days=1), time(), ZoneInfo(zone))
    return start.astimezone(UTC)


def parse_day(text: str) -> date:
    """YYYY-MM-DD or DD/MM/YYYY (as Vietnamese documents and registers write it); UsageError
    saying so otherwise."""
    from pipeline.errors import UsageError

    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise UsageError(f"{text!r} is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
