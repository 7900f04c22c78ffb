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
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import (
    BigInteger,
    Integer,
    bindparam,
    case,
    cast,
    extract,
    func,
    literal_column,
    select,
    text,
)

from pipeline.models import Level
from pipeline.rates import Exclusions, UnitCount
from pipeline.timeline import FIRST_DAY, NEVER, REGISTERED, STATES, change_events, tally
from pipeline.timezone import local_today
from storage.catalogue.database import Database
from storage.catalogue.schema import (
    DocumentRow,
    RateDayRow,
    RateDirtyRow,
    RateMonthRow,
    RateSummaryState,
    RateUnitNameRow,
    RateYearRow,
    RegisterRow,
    UnitRow,
    utc_now,
)

#: register rows read (and their changes added up) per step of a rebuild
STEP = 500_000
#: the epoch day of 1970-01-01 and of FIRST_DAY; a "no scan" time
EPOCH = date(1970, 1, 1)
FIRST = (FIRST_DAY - EPOCH).days
NO_SCAN = 1 << 62
#: state numbers in the summary's keys: the five states, then "registered"
NAMES = (*STATES, REGISTERED)
#: a key packs (unit, state) above 24 bits and the epoch day (shifted positive) below
DAY_BITS, SHIFT = 24, 1 << 23
#: below this many register rows a report reads the results themselves (well under a second)
SUMMARY_MIN_ROWS = 200_000
#: documents changed in up to this many units are applied to the summary unit by unit;
#: beyond, it is made again whole (a nightly run)
REFRESH_UNITS = 200


class RateSummary(Database):
    def _summary_for(self) -> str:
        """What the summary depends on besides the data: a change makes it unusable."""
        return f"2|{self.time_zone}|count_flagged={self.count_flagged}"

    def mark_summary_stale(self, s) -> None:
        s.execute(text("UPDATE rate_summary_state SET changes = changes + 1"))

    def summary_usable(self, s) -> bool:
        state = s.get(RateSummaryState, 1)
        return (state is not None and state.built_at_change == state.changes
                and state.built_for == self._summary_for())

    def rebuild_rate_summary(self, force: bool = False) -> int | None:
        """Make the summary again from the register and the documents as they are now;
        the number of results it covers. Nothing (None) when it is up to date (documents
        changed since in a few units are counted again first: `refresh_rate_summary`), or
        when the register is small enough to be read directly (unless ``force``).

        Every result's changes (pipeline/timeline.py) are worked out for half a million
        results at a time with numpy and added up per unit, state and day; then per month,
        and the opening totals of each year. All of it is read in one snapshot and written
        in one transaction: a report meanwhile reads the summary made before."""
        with self.session() as s:
            usable = self.summary_usable(s)
        if usable and not force and self.refresh_rate_summary():
            return None
        with self.session() as s:
            rows = s.scalar(select(func.count()).select_from(RegisterRow))
            if rows < SUMMARY_MIN_ROWS and not force:
                return None
        with self.engine.connect() as reader, self.engine.connect() as writer:
            with reader.begin():  # one snapshot of everything read
                at_change = reader.execute(text(
                    "SELECT changes FROM rate_summary_state WHERE id = 1")).scalar()
                seen = reader.execute(select(func.max(RateDirtyRow.id))).scalar() or 0
                counted = self._count_changes(reader)
                names = self._register_unit_names(reader)
            with writer.begin():
                self._lock(writer)
                self._store(writer, counted, None, (None, local_today(self.time_zone).year + 1))
                writer.execute(text("DELETE FROM rate_unit_names"))
                _insert(writer, RateUnitNameRow.__tablename__, ("unit_code", "name"),
                        sorted(names.items()))
                # the documents changed before the snapshot are in it
                writer.execute(text("DELETE FROM rate_summary_dirty WHERE id <= :n"),
                               {"n": seen})
                writer.execute(text("UPDATE rate_summary_state SET built_at_change = :c, "
                                    "built_for = :f, built_at = :t WHERE id = 1"),
                               {"c": at_change, "f": self._summary_for(), "t": utc_now()})
        return counted.results

    def refresh_rate_summary(self) -> bool:
        """Documents changed since the summary was made (a scan archived, a page confirmed
        in the workspace, a fixity failure: the documents' triggers note their results):
        the units they belong to are counted again, whole, and their rows in the summary
        replaced. Whether the summary is up to date now; False when it is not usable, or
        when the changes touch more than REFRESH_UNITS units (the summary is then marked
        out of date, to be made again whole)."""
        with self.engine.connect() as conn, conn.begin():
            self._lock(conn)
            state = conn.execute(select(RateSummaryState.built_at_change,
                                        RateSummaryState.changes,
                                        RateSummaryState.built_for)
                                 .where(RateSummaryState.id == 1)).first()
            if state is None or state[0] != state[1] or state[2] != self._summary_for():
                return False
            dirty = conn.execute(select(RateDirtyRow.id, RateDirtyRow.result_id)).all()
            if not dirty:
                return True
            results = sorted({rid for _, rid in dirty})
            codes: set[str] = set()
            for i in range(0, len(results), 5_000):
                codes.update(conn.execute(select(RegisterRow.unit_code).distinct().where(
                    RegisterRow.result_id.in_(results[i:i + 5_000]))).scalars())
            if len(codes) > REFRESH_UNITS:
                conn.execute(text("UPDATE rate_summary_state SET changes = changes + 1"))
                return False
            if codes:
                years = conn.execute(select(func.min(RateYearRow.year_start),
                                            func.max(RateYearRow.year_start))).first()
                span = (years[0].year, years[1].year) if years[0] is not None else \
                    (None, local_today(self.time_zone).year + 1)
                self._store(conn, self._count_changes(conn, sorted(codes)), sorted(codes),
                            span)
            ids = [i for i, _ in dirty]
            for i in range(0, len(ids), 5_000):
                conn.execute(RateDirtyRow.__table__.delete().where(
                    RateDirtyRow.id.in_(ids[i:i + 5_000])))
        return True

    @staticmethod
    def _lock(conn) -> None:
        """One maker of the summary at a time (the whole rebuild, a refresh): PostgreSQL
        locks the state row; SQLite's write lock is taken by a first write."""
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT id FROM rate_summary_state WHERE id = 1 FOR UPDATE"))
        else:
            conn.execute(text("UPDATE rate_summary_state SET changes = changes WHERE id = 1"))

    def _count_changes(self, conn, codes: list[str] | None = None) -> _Counted:
        """Every result's changes (of these units' results only, with ``codes``) added up
        per unit, state and day."""
        dialect = conn.dialect
        q = self._changes_query(dialect.name)
        if codes is not None:
            q = q.where(RegisterRow.__table__.c.unit_code.in_(codes))
        sql = str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        units: dict[tuple[str, str], int] = {}
        days, n = _Sums(), 0
        raw = conn.connection.driver_connection
        # PostgreSQL: a server-side cursor, else the driver holds every row at once
        cursor = raw.cursor(name="rate_summary") if dialect.name == "postgresql" \
            else raw.cursor()
        try:
            cursor.execute(sql)
            while chunk := cursor.fetchmany(STEP):
                n += len(chunk)
                days.add(*self._chunk_changes(chunk, units))
        finally:
            cursor.close()
        unit_of = [key for key, _ in sorted(units.items(), key=lambda kv: kv[1])]
        return _Counted(n, unit_of, *days.result(), days.registered)

    @staticmethod
    def _store(conn, counted: _Counted, codes: list[str] | None,
               span: tuple[int | None, int]) -> None:
        """The summary's rows written: all of them (``codes`` None), or those of these
        units' (their old rows removed first). ``span``: the years of the opening totals
        (None first: from the first change)."""
        month_keys, month_deltas = _by_month(counted.day_keys, counted.day_deltas,
                                             counted.registered)
        openings = _openings(month_keys, month_deltas, *span)
        for table in ("rate_days", "rate_months", "rate_years"):
            if codes is None:
                conn.execute(text(f"DELETE FROM {table}"))
            else:
                for i in range(0, len(codes), 5_000):
                    conn.execute(text(f"DELETE FROM {table} WHERE unit_code IN :codes")
                                 .bindparams(bindparam("codes", expanding=True)),
                                 {"codes": codes[i:i + 5_000]})
        unit_of = counted.unit_of
        _insert(conn, RateDayRow.__tablename__, ("level", "unit_code", "day", "state", "delta"),
                _rows(unit_of, counted.day_keys, counted.day_deltas))
        _insert(conn, RateMonthRow.__tablename__, ("level", "unit_code", "month", "state",
                                                    "delta"),
                _rows(unit_of, month_keys, month_deltas))
        _insert(conn, RateYearRow.__tablename__, ("level", "unit_code", "year_start", "state",
                                                   "total"),
                _rows(unit_of, *openings))

    def _changes_query(self, dialect: str):
        """Each result's level, unit and the days (since 1970) it was issued, revoked,
        replaced, valid until (NEVER: none), and the time (seconds since 1970, UTC) its first
        counted scan began counting (NO_SCAN: none): numbers, read without conversion."""
        r = RegisterRow.__table__
        rep = r.alias("rep")
        d = DocumentRow.__table__.alias("d")
        counted = (select(func.min(d.c.counts_from))
                   .where(d.c.result_id == r.c.result_id, *self._counts(d.c))
                   .scalar_subquery())
        replaced = case((r.c.replaced_by != "", func.coalesce(
            select(rep.c.issued_date).where(rep.c.result_id == r.c.replaced_by)
            .scalar_subquery(), r.c.issued_date)), else_=None)
        revoked = case((r.c.revoked.is_(True), func.coalesce(r.c.revoked_on, r.c.issued_date)),
                       else_=None)
        if dialect == "postgresql":
            def day(e):
                return e - literal_column("DATE '1970-01-01'")

            def second(e):
                return cast(func.floor(extract("epoch", e)), BigInteger)
        else:
            def day(e):  # a date's julian day is n.5: the difference is a whole number
                return cast(func.julianday(e) - 2440587.5, Integer)

            def second(e):
                return cast(func.strftime("%s", e), Integer)
        return select(r.c.level, r.c.unit_code, day(r.c.issued_date),
                      func.coalesce(day(revoked), NEVER), func.coalesce(day(replaced), NEVER),
                      func.coalesce(day(r.c.valid_until), NEVER),
                      func.coalesce(second(counted), NO_SCAN))

    def _chunk_changes(self, chunk: list[tuple], units: dict) -> tuple:
        """A chunk of results read by `_changes_query`: (keys, +1/-1, unit numbers)."""
        levels, codes, issued, revoked, replaced, until, counted = zip(*chunk, strict=True)
        unit = np.fromiter((units.setdefault(k, len(units)) for k in zip(levels, codes,
                                                                          strict=True)),
                           np.int64, len(chunk))
        days = [np.fromiter(c, np.int64, len(chunk)) for c in (issued, revoked, replaced, until)]
        seconds = np.fromiter(counted, np.int64, len(chunk))
        idx, day, state, sign = change_events(*days, self._local_days(seconds))
        return _key(unit[idx], state, day), sign, unit

    def _local_days(self, seconds: np.ndarray) -> np.ndarray:
        """The desk's date (epoch day in the time zone setting) of UTC times in seconds."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.time_zone)
        out = np.full(len(seconds), NEVER, np.int64)
        has = seconds != NO_SCAN
        # zones change their offset at a quarter hour: one lookup per quarter hour present
        quarters, inverse = np.unique(seconds[has] // 900, return_inverse=True)
        offsets = np.array([datetime.fromtimestamp(int(q) * 900, UTC).astimezone(zone)
                            .utcoffset().total_seconds() for q in quarters], np.int64)
        out[has] = (seconds[has] + offsets[inverse].reshape(-1)) // 86400
        return out

    @staticmethod
    def _register_unit_names(conn, codes: list[str] | None = None) -> dict[str, str]:
        """Each unit's spelling on its most recently issued register row (not blank): of
        every unit, or of these."""
        r = RegisterRow
        latest = (select(r.unit_code, func.max(r.issued_date).label("day"))
                  .where(r.unit_name != "").group_by(r.unit_code))
        if codes is not None:
            latest = latest.where(r.unit_code.in_(codes))
        latest = latest.subquery()
        return dict(conn.execute(
            select(r.unit_code, func.max(r.unit_name))
            .join(latest, (latest.c.unit_code == r.unit_code) & (latest.c.day == r.issued_date))
            .where(r.unit_name != "").group_by(r.unit_code)).all())

    def summary_counts(self, as_of: date, units: Collection[str] | None = None):
        """(UnitCount rows, Exclusions) for ``as_of`` from the summary, or None when it is not
        up to date (the caller then counts the results themselves): the opening totals of the
        latest year begun by then, the months since, and the days of ``as_of``'s month."""
        start = as_of.replace(day=1)
        y, m, dd = RateYearRow, RateMonthRow, RateDayRow
        per_unit: dict[tuple[str, str], Counter] = {}
        with self.session() as s:  # a lock only when there is something to count again
            if not self.summary_usable(s):
                return None
            dirty = s.scalar(select(RateDirtyRow.id).limit(1)) is not None
        if dirty and not self.refresh_rate_summary():
            return None
        with self.session() as s:
            if not self.summary_usable(s):
                return None
            year = s.scalar(select(func.max(y.year_start)).where(y.year_start <= as_of))
            parts = [select(m.level, m.unit_code, m.state, func.sum(m.delta))
                     .where(m.month >= (year or FIRST_DAY), m.month < start)
                     .group_by(m.level, m.unit_code, m.state),
                     select(dd.level, dd.unit_code, dd.state, func.sum(dd.delta))
                     .where(dd.day >= start, dd.day <= as_of)
                     .group_by(dd.level, dd.unit_code, dd.state)]
            if year is not None:
                parts.append(select(y.level, y.unit_code, y.state, y.total)
                             .where(y.year_start == year))
            for q in parts:
                if units is not None:
                    q = q.where(q.selected_columns[1].in_(sorted(units)))
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
            names = self._summary_names(s, valid_units)
        rows = [UnitCount(level, unit, names.get(unit, ""), valid, digitized)
                for level, unit, valid, digitized in out]
        return rows, Exclusions(**{k: excluded.get(k, 0) for k in
                                   ("revoked", "expired", "not_yet_issued", "replaced")})

    @staticmethod
    def _summary_names(s, codes: set[str]) -> dict[str, str]:
        """The units table's names, else the register's taken with the summary."""
        if not codes:
            return {}
        wanted = sorted(codes)
        names = dict(s.execute(select(RateUnitNameRow.unit_code, RateUnitNameRow.name)
                               .where(RateUnitNameRow.unit_code.in_(wanted))).all())
        names.update(s.execute(select(UnitRow.code, UnitRow.name)
                               .where(UnitRow.code.in_(wanted))).all())
        return names


@dataclass(frozen=True)
class _Counted:
    """Results' changes added up: how many results, each unit number's (level, code), the
    day keys and their sums, and each unit's results ("registered")."""

    results: int
    unit_of: list[tuple[str, str]]
    day_keys: np.ndarray
    day_deltas: np.ndarray
    registered: np.ndarray


class _Sums:
    """+1/-1 changes added up per key as chunks come; merged whenever a few million wait (the
    memory held stays about the number of distinct keys)."""

    MERGE = 4_000_000

    def __init__(self):
        self.keys = np.zeros(0, np.int64)
        self.deltas = np.zeros(0, np.int64)
        self.pending: list[tuple[np.ndarray, np.ndarray]] = []
        self.waiting = 0
        self.registered = np.zeros(0, np.int64)

    def add(self, keys: np.ndarray, signs: np.ndarray, unit: np.ndarray) -> None:
        counts = np.bincount(unit)
        if len(counts) > len(self.registered):
            self.registered = np.pad(self.registered, (0, len(counts) - len(self.registered)))
        self.registered[:len(counts)] += counts
        self.pending.append((keys, signs))
        self.waiting += len(keys)
        if self.waiting >= self.MERGE:
            self._merge()

    def _merge(self) -> None:
        keys = np.concatenate([self.keys, *(k for k, _ in self.pending)])
        deltas = np.concatenate([self.deltas, *(d for _, d in self.pending)])
        self.keys, self.deltas = _summed(keys, deltas)
        self.pending, self.waiting = [], 0

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        self._merge()
        return self.keys, self.deltas


def _summed(keys: np.ndarray, deltas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct key once with its deltas added up; keys whose sum is 0 left out."""
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse.reshape(-1), weights=deltas, minlength=len(unique))
    sums = np.rint(sums).astype(np.int64)
    keep = sums != 0
    return unique[keep], sums[keep]


def _key(unit: np.ndarray, state: np.ndarray, day: np.ndarray) -> np.ndarray:
    return ((unit * 8 + state) << DAY_BITS) | (day + SHIFT)


def _unkey(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    group = keys >> DAY_BITS
    return group // 8, group % 8, (keys & ((1 << DAY_BITS) - 1)) - SHIFT


def _by_month(keys: np.ndarray, deltas: np.ndarray, registered: np.ndarray):
    """The day changes added up per month (its first day), with each unit's results
    (``registered``: per unit number) "registered" from FIRST_DAY."""
    unit, state, day = _unkey(keys)
    month = (day.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]")
             .astype(np.int64))
    units = np.nonzero(registered)[0]
    reg = _key(units, np.full(len(units), NAMES.index(REGISTERED)), np.full(len(units), FIRST))
    return _summed(np.concatenate([_key(unit, state, month), reg]),
                   np.concatenate([deltas, registered[units]]))


def _openings(month_keys: np.ndarray, month_deltas: np.ndarray, first: int | None,
              cap: int):
    """The totals per unit and state at the start of each year, from ``first`` (None: the
    year of the first change, FIRST_DAY's "registered" aside) to the year after the last
    change, at most ``cap``: (keys, totals). A report for a later day adds the months
    since. (Units counted again keep the years the others have: ``first`` and ``cap``.)"""
    unit, state, day = _unkey(month_keys)
    year = day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    real = day != FIRST
    if first is None:
        if not real.any():
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        first = int(year[real].min())
        last = max(first, min(int(year[real].max()) + 1, cap))
    else:
        last = cap
    group = unit * 8 + state
    groups, row = np.unique(group, return_inverse=True)
    row = row.reshape(-1)
    # column c: changes in year first + c - 1 (column 0: every year before `first`)
    col = np.clip(year - first + 1, 0, last - first + 1)
    table = np.zeros((len(groups), last - first + 2), np.int64)
    np.add.at(table, (row, col), month_deltas)
    opening = np.cumsum(table, axis=1)[:, :-1]  # before year first + c: columns 0..c-1
    g, c = np.nonzero(opening)
    starts = np.array([(date(first + int(i), 1, 1) - EPOCH).days
                       for i in range(last - first + 1)], np.int64)
    return _key(groups[g] // 8, groups[g] % 8, starts[c]), opening[g, c]


def _rows(unit_of: list[tuple[str, str]], keys: np.ndarray, values: np.ndarray):
    """Rows (level, unit code, ISO day, state, value) for the keys, in day order (the
    day's index is then filled from one end)."""
    order = np.argsort(keys & ((1 << DAY_BITS) - 1), kind="stable")
    keys, values = keys[order], values[order]
    unit, state, day = _unkey(keys)
    iso = np.datetime_as_string(day.astype("datetime64[D]"))
    for u, st, d, v in zip(unit.tolist(), state.tolist(), iso.tolist(), values.tolist(),
                           strict=True):
        level, code = unit_of[u]
        yield level, code, d, NAMES[st], v


def _insert(conn, table: str, columns: tuple[str, ...], rows) -> None:
    """Many rows at once at the driver: COPY on PostgreSQL, executemany on SQLite."""
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 100_000:
            conn.exec_driver_sql(sql, batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
