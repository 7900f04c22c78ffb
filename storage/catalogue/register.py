"""The register of results and the administrative units, as imported."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from pipeline.content_match import near_keys, number_digits, number_key
from pipeline.models import Level, RegisterEntry
from pipeline.timezone import local_today
from pipeline.units import AdminUnit
from storage.catalogue.database import Database
from storage.catalogue.schema import RegisterHistoryRow, RegisterRow, UnitRow


class RegisterTables(Database):
    #: result ids looked up per SELECT (SQLite's default limit is 32,766 bound parameters)
    LOOKUP = 10_000

    def upsert_entries(self, entries: Iterable[RegisterEntry], chunk: int = 100_000,
                       today: date | None = None) -> tuple[int, int]:
        """Insert new rows, update changed ones, in chunks of one transaction each (few
        commits: on SQLite each one checkpoints the WAL). A row revoked with no day given is
        revoked on ``today`` (the import's day where the desk is), or on the day an earlier
        import first said so. Returns (added, updated).

        Into an empty register (the first import of a province's millions) the rows are
        loaded in one transaction without looking for rows that cannot be there, and the
        register's indexes are made once at the end instead of kept up row by row: an
        interruption leaves the register empty, as it was."""
        today = today or local_today(self.time_zone)
        with self.session() as s:
            if s.scalar(select(RegisterRow.result_id).limit(1)) is None:
                return self._load_empty(s, entries, chunk, today)
        added = updated = 0
        for batch in _batches(entries, chunk):
            with self.session() as s:
                a, u = self._upsert_chunk(s, batch, today)
            added, updated = added + a, updated + u
        return added, updated

    def _load_empty(self, s: Session, entries: Iterable[RegisterEntry], chunk: int,
                    today: date) -> tuple[int, int]:
        indexes = list(RegisterRow.__table__.indexes)
        # a write first: SQLite's driver opens the transaction at the first write, and a
        # DROP INDEX before it would stand alone (kept, whatever becomes of the import)
        self.mark_summary_stale(s)
        conn = s.connection()
        for index in indexes:
            index.drop(conn)
        added = 0
        for batch in _batches(entries, chunk):
            added += self._upsert_chunk(s, batch, today, empty=True)[0]
        for index in indexes:
            index.create(conn)
        if conn.dialect.name == "postgresql":
            # the planner's figures for the table it just filled (autovacuum would come to it
            # later): without them it sorts millions for the first missing results
            conn.execute(text("ANALYZE register_entries"))
        return added, 0

    _FIELDS = ("procedure_code", "procedure_name", "field", "unit_code", "unit_name", "level",
               "issued_date", "valid_until", "revoked", "replaced_by", "document_number",
               "signer", "holder", "number_key", "revoked_on")
    _REVOKED, _REVOKED_ON = 8, 14  # their places in a row's values

    def _upsert_chunk(self, s: Session, batch: list[RegisterEntry], today: date,
                      empty: bool = False) -> tuple[int, int]:
        """One chunk in session ``s``; ``empty``: the register had no row before this
        import (and a result id comes once in an import): nothing to look up."""
        rows = {e.result_id: (e.procedure_code, e.procedure_name, e.field, e.unit_code,
                              e.unit_name, e.level.value, e.issued_date, e.valid_until,
                              e.revoked, e.replaced_by, e.document_number, e.signer, e.holder,
                              number_key(e.document_number), e.revoked_on) for e in batch}
        cols = [getattr(RegisterRow, f) for f in self._FIELDS]
        ids = list(rows)
        existing, since = {}, {}
        conn = s.connection()
        if not empty:
            if conn.dialect.name == "postgresql":
                # one array parameter: five times faster than 10,000 bound parameters
                with conn.connection.driver_connection.cursor() as cur:
                    cur.execute(f"SELECT result_id, {', '.join(self._FIELDS)}, updated_at FROM "
                                "register_entries WHERE result_id = ANY(%s)", (ids,))
                    for r in cur:
                        existing[r[0]], since[r[0]] = tuple(r[1:-1]), r[-1]
            else:
                for i in range(0, len(ids), self.LOOKUP):  # bound parameters per statement
                    for r in s.execute(select(RegisterRow.result_id, *cols,
                                              RegisterRow.updated_at).where(
                            RegisterRow.result_id.in_(ids[i:i + self.LOOKUP]))):
                        existing[r[0]], since[r[0]] = tuple(r[1:-1]), r[-1]
        for k, v in rows.items():  # revoked, no day given: since when it is known
            if v[self._REVOKED] and v[self._REVOKED_ON] is None:
                before = existing.get(k)
                known = before[self._REVOKED_ON] if before and before[self._REVOKED] \
                    else None
                rows[k] = (*v[:self._REVOKED_ON], known or today)
        # in key order: the primary key's pages are filled one after another
        new = sorted((k, *v) for k, v in rows.items() if k not in existing)
        changed = [(k, v) for k, v in rows.items() if k in existing and v != existing[k]]
        now = self.clock()
        if new or changed:
            self.mark_summary_stale(s)
        if new:
            self._insert_new(s, new, now)
        if changed:
            # the version each change replaces is kept: the register as known at any
            # moment can be read again
            s.execute(RegisterHistoryRow.__table__.insert(), [
                {"result_id": k, **dict(zip(self._FIELDS, existing[k], strict=True)),
                 "valid_from": since[k], "valid_to": now} for k, _ in changed])
            s.execute(update(RegisterRow), [
                {"result_id": k, **dict(zip(self._FIELDS, v, strict=True)),
                 "updated_at": now} for k, v in changed])
        return len(new), len(changed)

    def _insert_new(self, s: Session, rows: list[tuple], now: datetime) -> None:
        """New register rows in bulk at the driver: COPY on PostgreSQL, one executemany on
        SQLite (values in the forms SQLAlchemy stores there: ISO dates, 0/1), else Core."""
        names = ("result_id", *self._FIELDS, "updated_at")
        conn = s.connection()
        dialect = conn.dialect.name
        if dialect == "postgresql":
            cursor = conn.connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY register_entries ({', '.join(names)}) "
                                     "FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["varchar", "varchar", "text", "varchar", "varchar", "varchar",
                                "varchar", "date", "date", "bool", "text", "varchar",
                                "varchar", "varchar", "varchar", "date", "timestamptz"])
                for r in rows:
                    copy.write_row((*r, now))
        elif dialect == "sqlite":
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            conn.exec_driver_sql(
                f"INSERT INTO register_entries ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [(*r[:7], r[7].isoformat(), r[8].isoformat() if r[8] else None, int(r[9]),
                  *r[10:15], r[15].isoformat() if r[15] else None, stamp) for r in rows])
        else:
            s.execute(RegisterRow.__table__.insert(),
                      [dict(zip(names, (*r, now), strict=True)) for r in rows])

    def upsert_units(self, units: Iterable[AdminUnit]) -> tuple[int, int]:
        """Insert new units, update changed ones. Returns (added, updated)."""
        added = updated = 0
        with self.session() as s:
            for u in units:
                values = dict(name=u.name, level=u.level.value, parent=u.parent,
                              valid_from=u.valid_from, valid_to=u.valid_to,
                              successor=u.successor, alias_of=u.alias_of)
                row = s.get(UnitRow, u.code)
                if row is None:
                    s.add(UnitRow(code=u.code, **values))
                    added += 1
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(row, k, v)
                    updated += 1
        return added, updated

    def units(self) -> dict[str, AdminUnit]:
        with self.session() as s:
            return {r.code: AdminUnit(r.code, r.name, Level(r.level), r.parent, r.valid_from,
                                      r.valid_to, r.successor, r.alias_of or "")
                    for r in s.scalars(select(UnitRow))}

    def entries(self) -> list[RegisterEntry]:
        with self.session() as s:
            return [r.to_entry() for r in s.scalars(select(RegisterRow))]

    def entry(self, result_id: str) -> RegisterEntry | None:
        with self.session() as s:
            row = s.get(RegisterRow, result_id)
            return row.to_entry() if row else None

    #: register rows held against one document's header, at most
    CANDIDATES = 500

    def candidates_for(self, number: str, issued: date | None) -> list[RegisterEntry]:
        """Register entries a document with this number and date may be: the same number
        (as compared), the same serial number with another symbol, the same date."""
        key, digits = number_key(number), number_digits(number)
        r = RegisterRow
        conds = []
        if key:
            conds.append(r.number_key == key)
        if digits:
            conds.append(r.number_key.startswith(digits + "/"))
        if near := near_keys(number):  # a digit of a handwritten serial misread
            conds.append(r.number_key.in_(near))
        if issued is not None:
            conds.append(r.issued_date == issued)
        if not conds:
            return []
        with self.session() as s:
            return [row.to_entry() for row in s.scalars(
                select(r).where(or_(*conds)).limit(self.CANDIDATES))]

    def known_result_ids(self, candidates: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(candidates))
        if not ids:
            return set()
        with self.session() as s:
            return set(s.scalars(select(RegisterRow.result_id).where(
                RegisterRow.result_id.in_(ids))))


def _batches(entries: Iterable[RegisterEntry], size: int):
    batch: list[RegisterEntry] = []
    for e in entries:
        batch.append(e)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
