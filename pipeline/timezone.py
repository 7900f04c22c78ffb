"""Vietnam's time (UTC+07:00, no daylight saving): the time people at a desk read."""

from __future__ import annotations

from datetime import timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")
