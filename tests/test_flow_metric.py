"""The flow beside the stock (Decision 766/QĐ-TTg): of the results issued in a period, how many
were digitized within N days of their issue. Hand-worked, days ending where the desk is, on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from test_time_true import archive, entry

from pipeline.flow import count_flow
from pipeline.models import Level
from storage.catalogue import SqlCatalogue


def test_results_issued_in_june_digitized_within_seven_days(tmp_path: Path,
                                                             catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    cat.upsert_entries([
        entry("A", issued_date=date(2025, 6, 2)),   # scanned 9 June, 23:30 in Hà Nội: in time
        entry("B", issued_date=date(2025, 6, 2)),   # scanned 10 June, 00:30 there: a day late
        entry("C", issued_date=date(2025, 6, 20)),  # not scanned
        entry("D", issued_date=date(2025, 5, 30)),  # issued before the period
        entry("E", issued_date=date(2025, 6, 28), unit_code="000.00.11.H01",
              unit_name="Huyện Ngọc Lâm", level=Level.DISTRICT),
        entry("F", issued_date=date(2025, 6, 25)),  # scanned after the as-of day: not yet
    ], today=date(2025, 6, 1))
    archive(cat, tmp_path, "A", datetime(2025, 6, 9, 16, 30, tzinfo=UTC))
    archive(cat, tmp_path, "B", datetime(2025, 6, 9, 17, 30, tzinfo=UTC), sha="b" * 64)
    archive(cat, tmp_path, "D", datetime(2025, 6, 1, 3, tzinfo=UTC))
    archive(cat, tmp_path, "E", datetime(2025, 6, 29, 3, tzinfo=UTC))
    archive(cat, tmp_path, "F", datetime(2025, 7, 1, 3, tzinfo=UTC), sha="f" * 64)
    rows, names = cat.flow_rows(date(2025, 6, 1), date(2025, 6, 30), date(2025, 6, 30))
    flow = count_flow(rows, names, date(2025, 6, 1), date(2025, 6, 30), 7)
    commune, district = flow.level(Level.COMMUNE), flow.level(Level.DISTRICT)
    assert (commune.issued, commune.in_time, commune.later) == (4, 1, 1)   # A B C F
    assert float(commune.rate) == 0.25
    assert (district.issued, district.in_time, district.later) == (1, 1, 0)
    assert [u.unit_name for u in flow.units] == ["Huyện Ngọc Lâm", "Xã Đông Hòa"]
    # F counts once its day has come (as of 1 July), in time (6 days after its issue)
    rows, names = cat.flow_rows(date(2025, 6, 1), date(2025, 6, 30), date(2025, 7, 1))
    assert count_flow(rows, names, date(2025, 6, 1), date(2025, 6, 30), 7).level(
        Level.COMMUNE).in_time == 2
    cat.engine.dispose()
