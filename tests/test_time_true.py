"""A rate an auditor can reproduce: a past day's figures do not change with what was archived,
matched or revoked later; days end where the desk is (Asia/Ho_Chi_Minh); a unit is its code.
Hand-worked, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.models import Level, Outcome, RegisterEntry, ScanFile, ScanResult
from pipeline.timezone import end_of_day, local_today
from storage.catalogue import SqlCatalogue

AS_OF = date(2025, 6, 30)


def entry(rid: str, **kw) -> RegisterEntry:
    base = dict(result_id=rid, procedure_code="1.001193", procedure_name="Đăng ký khai sinh",
                field="Hộ tịch", unit_code="000.21.11.H01", unit_name="Xã Đông Hòa",
                level=Level.COMMUNE, issued_date=date(2025, 3, 1))
    return RegisterEntry(**{**base, **kw})


def archive(cat: SqlCatalogue, tmp: Path, rid: str | None, at: datetime,
            sha: str | None = None) -> str:
    sha = sha or (rid or "x").lower()[0] * 64
    cat.clock = lambda: at
    scan = ScanFile(tmp / f"{sha[:4]}.png", f"{sha[:4]}.png", sha, 1)
    outcome = Outcome.ARCHIVED if rid else Outcome.UNMATCHED
    cat.record_scan(scan, ScanResult(scan.file_name, sha, outcome, rid, 1, 90.0), [],
                    media_type="image/png", original_key=f"{sha[:4]}.png",
                    text_key=f"{sha[:4]}.txt", bucket="b", run_id=None)
    return sha


def figures(cat: SqlCatalogue, day: date) -> tuple[int, int]:
    counts, _ = cat.rate_counts(day)
    return sum(c.valid for c in counts), sum(c.digitized for c in counts)


def test_vietnams_date_and_where_a_day_ends():
    assert local_today(now=datetime(2025, 6, 30, 23, 30, tzinfo=UTC)) == date(2025, 7, 1)
    assert local_today(now=datetime(2025, 6, 30, 16, 59, tzinfo=UTC)) == AS_OF
    assert end_of_day(AS_OF) == datetime(2025, 6, 30, 17, 0, tzinfo=UTC)


def test_a_past_days_figures_do_not_change_with_what_happened_later(tmp_path: Path,
                                                                     catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    cat.upsert_entries([entry("A"), entry("B"), entry("C"), entry("D")],
                       today=date(2025, 3, 1))
    archive(cat, tmp_path, "A", datetime(2025, 6, 30, 16, 30, tzinfo=UTC))  # 23:30 in Hà Nội
    archive(cat, tmp_path, "B", datetime(2025, 6, 30, 17, 30, tzinfo=UTC))  # 00:30, 1 July
    assert figures(cat, AS_OF) == (4, 1)          # B was archived after 30 June ended
    assert figures(cat, date(2025, 7, 1)) == (4, 2)

    # C: archived unmatched on 29 June, attached by a person on 2 July
    c = archive(cat, tmp_path, None, datetime(2025, 6, 29, 2, tzinfo=UTC), sha="c" * 64)
    cat.clock = lambda: datetime(2025, 7, 2, 2, tzinfo=UTC)
    cat.set_match(c, "C", "by hand", {}, actor="Trần Văn Bình")
    assert figures(cat, AS_OF) == (4, 1) and figures(cat, date(2025, 7, 2)) == (4, 3)

    # D: revoked on 15 July (the register says so): it still counted as valid before
    cat.upsert_entries([entry("D", revoked=True, revoked_on=date(2025, 7, 15))],
                       today=date(2025, 8, 1))
    assert figures(cat, AS_OF) == (4, 1)
    assert figures(cat, date(2025, 7, 15)) == (3, 3)
    # A: revoked with no day given, in an import on 1 September: revoked from that day
    cat.upsert_entries([entry("A", revoked=True)], today=date(2025, 9, 1))
    assert {e.result_id: e.revoked_on for e in cat.entries()}["A"] == date(2025, 9, 1)
    assert figures(cat, date(2025, 8, 31)) == (3, 3)
    assert figures(cat, date(2025, 9, 1)) == (2, 2)
    # the same import again does not move the day
    cat.upsert_entries([entry("A", revoked=True)], today=date(2025, 10, 1))
    assert {e.result_id: e.revoked_on for e in cat.entries()}["A"] == date(2025, 9, 1)
    cat.engine.dispose()


def test_a_unit_spelled_three_ways_is_one_unit(tmp_path: Path, catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    cat.upsert_entries([entry("A", unit_name="Xã Đông Hòa", issued_date=date(2025, 1, 5)),
                        entry("B", unit_name="Xã Đông Hoà", issued_date=date(2025, 4, 5)),
                        entry("C", unit_name="", issued_date=date(2025, 2, 5))])
    cat.clock = lambda: datetime(2025, 5, 1, tzinfo=UTC)
    archive(cat, tmp_path, "A", datetime(2025, 5, 1, tzinfo=UTC))
    counts, _ = cat.rate_counts(AS_OF)
    assert [(c.unit_code, c.unit_name, c.valid, c.digitized) for c in counts] == [
        ("000.21.11.H01", "Xã Đông Hoà", 3, 1)]  # the latest spelling, the unit's figure
    cat.engine.dispose()


def test_document_numbers_are_never_given_twice_by_writers_at_once(tmp_path: Path,
                                                                    catalogue_url: str):
    """Four files written at once (storage_concurrency): every code number is distinct."""
    from concurrent.futures import ThreadPoolExecutor

    cat = SqlCatalogue(catalogue_url)
    with ThreadPoolExecutor(4) as pool:
        numbers = list(pool.map(lambda _: cat.reserve_number("G06.01", "QĐ"), range(120)))
    assert sorted(numbers) == list(range(1, 121))
    cat.engine.dispose()
