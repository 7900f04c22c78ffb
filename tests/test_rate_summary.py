"""The rate summary gives, for every day, exactly the figures counted from the results
themselves; it is used only while nothing it was made from has changed. On SQLite and
PostgreSQL, over a register with every validity edge."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from test_time_true import archive, entry

from pipeline.models import Level
from pipeline.timeline import changes
from storage.catalogue import SqlCatalogue, rollup
from storage.catalogue.schema import RateDirtyRow


def sorted_counts(got):
    rows, excluded = got
    return sorted((r.level, r.unit_code, r.valid, r.digitized) for r in rows), excluded


def test_a_results_changes_in_order():
    assert changes(date(2024, 1, 10), None, None, date(2024, 3, 1), date(2024, 2, 1)) == [
        (date(2024, 1, 10), None, "valid"), (date(2024, 2, 1), "valid", "digitized"),
        (date(2024, 3, 2), "digitized", "expired")]
    # revoked after it expired: expired first, then revoked (revoked comes first once it is)
    assert [c[2] for c in changes(date(2024, 1, 10), date(2024, 6, 1), None,
                                  date(2024, 3, 1), None)] == ["valid", "expired", "revoked"]
    # scanned before the register says it was issued: digitized from its issue
    assert changes(date(2024, 1, 10), None, None, None, date(2024, 1, 2)) == [
        (date(2024, 1, 10), None, "digitized")]


def test_the_summary_gives_every_days_figures_exactly(tmp_path: Path, catalogue_url: str,
                                                      monkeypatch):
    rnd = random.Random(11)
    cat = SqlCatalogue(catalogue_url)
    units = [("000.21.11.H01", "Xã Đông Hòa", Level.COMMUNE),
             ("000.22.11.H01", "Xã Tân Lập", Level.COMMUNE),
             ("000.00.11.H01", "Huyện Ngọc Lâm", Level.DISTRICT)]
    entries, start = [], date(2023, 1, 1)
    for i in range(240):
        code, name, level = units[i % 3]
        issued = start + timedelta(days=rnd.randrange(900))
        kw = dict(unit_code=code, unit_name=name, level=level, issued_date=issued)
        roll = rnd.random()
        if roll < 0.15:
            kw["valid_until"] = issued + timedelta(days=rnd.randrange(1, 400))
        elif roll < 0.25:
            kw.update(revoked=True, revoked_on=issued + timedelta(days=rnd.randrange(0, 300)))
        elif roll < 0.28:
            kw["revoked"] = True  # revoked, no day given: the import's day
        elif roll < 0.35 and entries:
            kw["replaced_by"] = rnd.choice([e.result_id for e in entries] + ["KHONG-CO"])
        entries.append(entry(f"R{i:03d}", **kw))
    cat.upsert_entries(entries, today=date(2024, 6, 1))
    for i, e in enumerate(entries):
        if rnd.random() < 0.45:
            at = datetime.combine(e.issued_date + timedelta(days=rnd.randrange(-5, 200)),
                                  datetime.min.time(), UTC) + timedelta(hours=rnd.randrange(24))
            archive(cat, tmp_path, e.result_id, at, sha=f"{i:064x}")
    days = [start + timedelta(days=rnd.randrange(1200)) for _ in range(40)]
    days += [date(2024, 6, 1), date(2023, 1, 1), date(2022, 12, 31)]
    direct = {d: sorted_counts(cat.rate_counts(d)) for d in days}  # no summary yet
    assert cat.summary_counts(days[0]) is None

    assert cat.rebuild_rate_summary(force=True) == 240
    for d in days:
        assert sorted_counts(cat.summary_counts(d)) == direct[d], d
        assert sorted_counts(cat.rate_counts(d)) == direct[d]
        only = {"000.21.11.H01"}
        assert sorted_counts(cat.summary_counts(d, only)) == sorted_counts(
            cat.rate_counts(d, units=only, known_at=datetime.now(UTC)))
    assert cat.rebuild_rate_summary() is None  # up to date: nothing to do

    # a scan archived, another one's page confirmed: their units are counted again before
    # the summary is read, and every day's figures still match the results'
    archive(cat, tmp_path, "R001", datetime(2024, 1, 5, tzinfo=UTC), sha="f" * 64)
    archive(cat, tmp_path, "R002", datetime(2023, 3, 5, 23, 30, tzinfo=UTC), sha="e" * 64)
    with cat.session() as s:
        assert s.scalar(select(func.count()).select_from(RateDirtyRow)) >= 2
    now = datetime.now(UTC)
    for d in days:
        assert sorted_counts(cat.summary_counts(d)) == sorted_counts(
            cat.rate_counts(d, known_at=now)), d
    with cat.session() as s:
        assert s.scalar(select(func.count()).select_from(RateDirtyRow)) == 0
    assert cat.rebuild_rate_summary() is None  # still up to date
    # changes in more units than a refresh takes: made again whole
    monkeypatch.setattr(rollup, "REFRESH_UNITS", 0)
    monkeypatch.setattr(rollup, "SUMMARY_MIN_ROWS", 100)  # 240 results: "a large register"
    archive(cat, tmp_path, "R004", datetime(2024, 2, 5, tzinfo=UTC), sha="d" * 64)
    assert cat.summary_counts(date(2024, 6, 1)) is None
    assert cat.rebuild_rate_summary() == 240
    assert sorted_counts(cat.summary_counts(date(2024, 6, 1))) == sorted_counts(
        cat.rate_counts(date(2024, 6, 1), known_at=datetime.now(UTC)))
    # a register import that changes a row: out of date too
    cat.upsert_entries([entry("R002", unit_code="000.21.11.H01", revoked=True,
                              revoked_on=date(2024, 2, 1))], today=date(2024, 6, 1))
    assert cat.summary_counts(date(2024, 6, 1)) is None
    cat.engine.dispose()


def test_changes_worked_out_for_many_results_at_once_are_each_results_changes():
    import numpy as np

    from pipeline.timeline import CODES, NEVER, change_events

    rnd, epoch = random.Random(5), date(1970, 1, 1)
    rows = []
    for _ in range(3000):
        issued = date(2020, 1, 1) + timedelta(days=rnd.randrange(1000))
        rows.append((issued, *(issued + timedelta(days=rnd.randrange(-30, 600))
                               if rnd.random() < 0.3 else None for _ in range(4))))
    rows.append((date(2020, 1, 1),) * 5)  # everything on its issue day

    def days(k):
        return np.array([NEVER if r[k] is None else (r[k] - epoch).days for r in rows])

    got: dict = {}
    for i, d, s, sign in zip(*(a.tolist() for a in change_events(*map(days, range(5)))),
                             strict=True):
        got[(i, d, s)] = got.get((i, d, s), 0) + sign
    want: dict = {}
    for i, r in enumerate(rows):
        for d, before, now in changes(*r):
            want[(i, (d - epoch).days, CODES[now])] = 1
            if before is not None:
                want[(i, (d - epoch).days, CODES[before])] = -1
    assert {k: v for k, v in got.items() if v} == want


def test_a_first_import_that_fails_part_way_leaves_the_register_empty_and_indexed(
        catalogue_url: str):
    """A province's first import loads without its indexes and makes them at the end; cut
    off part way, nothing of it stays and the indexes are all there."""
    import pytest
    from sqlalchemy import inspect

    cat = SqlCatalogue(catalogue_url)
    indexes = {i["name"] for i in inspect(cat.engine).get_indexes("register_entries")}

    def cut_off():
        for i in range(250):
            yield entry(f"CUT-{i:03d}", unit_name="Xã Đông Hòa")
        raise OSError("the register file could not be read to its end")

    with pytest.raises(OSError):
        cat.upsert_entries(cut_off(), chunk=100)
    assert cat.entries() == []
    assert {i["name"] for i in inspect(cat.engine).get_indexes("register_entries")} == indexes
    assert cat.upsert_entries([entry(f"OK-{i}") for i in range(3)], chunk=2) == (3, 0)
    assert cat.upsert_entries([entry("OK-0", unit_name="Xã Đông Hoà"), entry("OK-9")]) == (1, 1)
    assert {e.result_id: e.unit_name for e in cat.entries()}["OK-0"] == "Xã Đông Hoà"


def test_a_register_too_small_for_a_summary_notes_no_document_changes(tmp_path: Path,
                                                                       catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    cat.upsert_entries([entry("R1"), entry("R2")])
    archive(cat, tmp_path, "R1", datetime(2025, 3, 2, tzinfo=UTC))
    with cat.session() as s:
        assert s.scalar(select(func.count()).select_from(RateDirtyRow)) == 0
    assert cat.rate_counts(date(2025, 3, 5))[0][0].digitized == 1
    cat.engine.dispose()
