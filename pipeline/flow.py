"""The flow beside the stock: of the results issued in a period, how many were digitized within
N days of their issue (setting flow_days), per level and unit — as the one-stop statistics
(Decision 766/QĐ-TTg) count a flow, where the stock rate counts every result still valid.
Pure: from (level, unit, issued date, first day it counted) rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from pipeline.models import Level


@dataclass(frozen=True)
class FlowCount:
    level: Level
    unit_code: str
    unit_name: str
    issued: int          # results issued in the period
    in_time: int         # digitized within the days allowed
    later: int           # digitized, but later than that

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.in_time, self.issued) if self.issued else None


@dataclass(frozen=True)
class Flow:
    start: date
    end: date
    days: int
    units: tuple[FlowCount, ...]

    def level(self, level: Level) -> FlowCount:
        mine = [u for u in self.units if u.level == level]
        return FlowCount(level, "", level.label_vi, sum(u.issued for u in mine),
                         sum(u.in_time for u in mine), sum(u.later for u in mine))

    @property
    def levels(self) -> tuple[FlowCount, ...]:
        return tuple(self.level(lv) for lv in Level if any(u.level == lv for u in self.units))


def count_flow(rows: Iterable[tuple[Level, str, date, date | None]], names: dict[str, str],
               start: date, end: date, days: int) -> Flow:
    """``rows``: (level, unit code, issued date, the desk's date its first counted scan began
    counting, or None) of the results issued from ``start`` to ``end``."""
    tally: dict[tuple[Level, str], list[int]] = {}
    for level, unit, issued, counted in rows:
        t = tally.setdefault((level, unit), [0, 0, 0])
        t[0] += 1
        if counted is not None:
            t[1 if counted <= issued + timedelta(days=days) else 2] += 1
    order = list(Level)
    units = tuple(FlowCount(level, code, names.get(code, ""), *t)
                  for (level, code), t in sorted(tally.items(),
                                                 key=lambda kv: (order.index(kv[0][0]),
                                                                 kv[0][1])))
    return Flow(start, end, days, units)
