"""The rate summary: each result's state changes (pipeline/timeline.py) added up per unit, day
and state, and per month. A report for a day then sums a few rows per unit and month (those
before the day's month) and the days of its month, instead of reading every result: at ten
million results the difference between seconds and tens of seconds.

It is made again, whole, by `rebuild_rate_summary` — after a register import and at the end of
a nightly run, when the register is large — and used only while nothing it is made from has
changed since (the register import, and a trigger on the documents' counting columns, count
changes). Otherwise reports are counted from the results themselves, as always."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date

from sqlalchemy import case, func, select, text

from pipeline.models import Level
from pipeline.rates import Exclusions, UnitCount
from pipeline.timeline import FIRST_DAY, REGISTERED, changes, tally
from storage.catalogue.database import Database
from storage.catalogue.schema import (
    DocumentRow,
    RateDayRow,
    RateMonthRow,
    RateSummaryState,
    RegisterRow,
    as_utc,
    utc_now,
)

#: register rows read (and their changes added up) per step of a rebuild
STEP = 200_000
#: below this many register rows a report reads the results themselves (well under a second)
SUMMARY_MIN_ROWS = 200_000


class RateSummary(Database):
    def _summary_for(self) -> str:
        """What the summary depends on besides the data: a change makes it unusable."""
        return f"1|{self.time_zone}|count_flagged={self.count_flagged}"

    def mark_summary_stale(self, s) -> None:
        s.execute(text("UPDATE rate_summary_state SET changes = changes + 1"))

    def summary_usable(self, s) -> bool:
        state = s.get(RateSummaryState, 1)
        return (state is not None and state.built_at_change == state.changes
                and state.built_for == self._summary_for())

    def rebuild_rate_summary(self, force: bool = False) -> int | None:
        """Make the summary again from the register and the documents as they are now;
        the number of results it covers. Nothing (None) when it is up to date, or when the
        register is small enough to be read directly (unless ``force``)."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.time_zone)
        with self.session() as s:
            if self.summary_usable(s) and not force:
                return None
            rows = s.scalar(select(func.count()).select_from(RegisterRow))
            if rows < SUMMARY_MIN_ROWS and not force:
                return None
        d = DocumentRow.__table__.alias("d")
        rep = RegisterRow.__table__.alias("rep")
        counted = (select(func.min(d.c.counts_from))
                   .where(d.c.result_id == RegisterRow.result_id, *self._counts(d.c))
                   .scalar_subquery())
        replaced = case((RegisterRow.replaced_by != "", func.coalesce(
            select(rep.c.issued_date).where(rep.c.result_id == RegisterRow.replaced_by)
            .scalar_subquery(), RegisterRow.issued_date)), else_=None)
        revoked = case((RegisterRow.revoked.is_(True),
                        func.coalesce(RegisterRow.revoked_on, RegisterRow.issued_date)),
                       else_=None)
        q = select(RegisterRow.level, RegisterRow.unit_code, RegisterRow.issued_date, revoked,
                   replaced, RegisterRow.valid_until, counted)
        with self.engine.connect() as reader, self.engine.connect() as writer:
            with reader.begin():  # one snapshot of everything read
                at_change = reader.execute(text(
                    "SELECT changes FROM rate_summary_state WHERE id = 1")).scalar()
                writer.execute(text("DELETE FROM rate_days"))
                writer.execute(text("DELETE FROM rate_months"))
                writer.commit()
                days: Counter = Counter()
                months: Counter = Counter()
                n = 0
                result = reader.execution_options(yield_per=STEP).execute(q)
                for level, unit, issued, rev, repl, until, first in result:
                    n += 1
                    months[(level, unit, FIRST_DAY, REGISTERED)] += 1
                    day_counted = as_utc(first).astimezone(zone).date() if first else None
                    for day, before, now in changes(_day(issued), _day(rev), _day(repl),
                                                    _day(until), day_counted):
                        month = day.replace(day=1)
                        days[(level, unit, day, now)] += 1
                        months[(level, unit, month, now)] += 1
                        if before is not None:
                            days[(level, unit, day, before)] -= 1
                            months[(level, unit, month, before)] -= 1
                    if len(days) >= STEP:
                        self._write(writer, RateDayRow, "day", days)
                        days.clear()
                    if len(months) >= STEP:
                        self._write(writer, RateMonthRow, "month", months)
                        months.clear()
                self._write(writer, RateDayRow, "day", days)
                self._write(writer, RateMonthRow, "month", months)
            self._compact(writer)
            writer.execute(text("UPDATE rate_summary_state SET built_at_change = :c, "
                                "built_for = :f, built_at = :t WHERE id = 1"),
                           {"c": at_change, "f": self._summary_for(), "t": utc_now()})
            writer.commit()
        return n

    @staticmethod
    def _write(conn, row, column: str, counts: Counter) -> None:
        values = [{"level": k[0], "unit_code": k[1], column: k[2], "state": k[3], "delta": v}
                  for k, v in counts.items() if v]
        if values:
            conn.execute(row.__table__.insert(), values)
            conn.commit()

    @staticmethod
    def _compact(conn) -> None:
        """The rows written a step at a time (one key may be in several) added up."""
        for table, column in (("rate_days", "day"), ("rate_months", "month")):
            conn.execute(text(f"CREATE TEMPORARY TABLE summed AS SELECT level, unit_code, "
                              f"{column}, state, SUM(delta) AS delta FROM {table} "
                              f"GROUP BY level, unit_code, {column}, state"))
            conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(text(f"INSERT INTO {table} (level, unit_code, {column}, state, delta) "
                              "SELECT level, unit_code, " + column + ", state, delta FROM "
                              "summed WHERE delta != 0"))
            conn.execute(text("DROP TABLE summed"))

    def summary_counts(self, as_of: date, units: Collection[str] | None = None):
        """(UnitCount rows, Exclusions) for ``as_of`` from the summary, or None when it is not
        up to date (the caller then counts the results themselves)."""
        start = as_of.replace(day=1)
        m, dd = RateMonthRow, RateDayRow
        before = (select(m.level, m.unit_code, m.state, func.sum(m.delta))
                  .where(m.month < start).group_by(m.level, m.unit_code, m.state))
        within = (select(dd.level, dd.unit_code, dd.state, func.sum(dd.delta))
                  .where(dd.day >= start, dd.day <= as_of)
                  .group_by(dd.level, dd.unit_code, dd.state))
        if units is not None:
            before = before.where(m.unit_code.in_(sorted(units)))
            within = within.where(dd.unit_code.in_(sorted(units)))
        per_unit: dict[tuple[str, str], Counter] = {}
        with self.session() as s:
            if not self.summary_usable(s):
                return None
            for q in (before, within):
                for level, unit, state, delta in s.execute(q):
                    per_unit.setdefault((level, unit), Counter())[state] += delta
            out, excluded = [], Counter()
            valid_units = set()
            for (level, unit), deltas in per_unit.items():
                valid, digitized, ex = tally(deltas)
                excluded.update(ex)
                if valid:
                    valid_units.add(unit)
                    out.append((Level(level), unit, valid, digitized))
            names = self._unit_names(s, valid_units)
        rows = [UnitCount(level, unit, names.get(unit, ""), valid, digitized)
                for level, unit, valid, digitized in out]
        return rows, Exclusions(**{k: excluded.get(k, 0) for k in
                                   ("revoked", "expired", "not_yet_issued", "replaced")})


def _day(value) -> date | None:
    """A date as the database gives it (SQLite: a date; some drivers: text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
