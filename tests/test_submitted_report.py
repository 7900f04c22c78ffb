"""A submitted report is reproduced exactly a year later: computed again with what the
catalogue knew when it was submitted (the register as it was then, scans counting by then),
whatever was archived or imported afterwards. Hand-worked, on SQLite and PostgreSQL; and the
commands an auditor runs (`report --submit`, `--reproduce`), with the stored files and their
signed manifest."""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from test_time_true import archive, entry

from app import bootstrap
from app.reports import make_report
from app.settings import load_settings
from sohoa.cli import main
from storage.catalogue import SqlCatalogue

AS_OF = date(2025, 6, 30)


def counted(cat: SqlCatalogue, day: date, known_at: datetime | None = None):
    counts, excluded = cat.rate_counts(day, known_at=known_at)
    return sum(c.valid for c in counts), sum(c.digitized for c in counts), excluded


def test_the_register_and_the_scans_as_known_at_a_moment(tmp_path: Path, catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    at = lambda h: datetime(2025, 6, 30, h, tzinfo=UTC)  # noqa: E731  hours UTC (+7 in VN)
    cat.clock = lambda: at(1)
    cat.upsert_entries([entry("A"), entry("B"), entry("C"), entry("D")], today=AS_OF)
    archive(cat, tmp_path, "A", at(3))
    submitted = at(5)                                   # 12:00 in Hà Nội, 30 June
    assert counted(cat, AS_OF)[:2] == (4, 1)

    # later the same day: B archived; a newer register adds E, revokes D (no day given: the
    # import's day, 30 June) and says C expired on 1 June
    archive(cat, tmp_path, "B", at(8))
    cat.clock = lambda: at(9)
    cat.upsert_entries([entry("E"), entry("D", revoked=True),
                        entry("C", valid_until=date(2025, 6, 1))], today=AS_OF)
    valid, digitized, excluded = counted(cat, AS_OF)
    assert (valid, digitized) == (3, 2)                 # A, B, E valid; A, B scanned
    assert excluded.revoked == 1 and excluded.expired == 1

    # as known at noon: A B C D valid, A scanned; nothing revoked or expired
    valid, digitized, excluded = counted(cat, AS_OF, submitted)
    assert (valid, digitized) == (4, 1) and excluded.revoked == excluded.expired == 0
    assert [e.result_id for e in cat.missing_entries(AS_OF, known_at=submitted)] == \
        ["B", "C", "D"]
    assert cat.register_changed_since(submitted) == (2, ["C", "D"])
    # a moment before anything was imported: nothing
    assert counted(cat, AS_OF, at(0))[:2] == (0, 0)
    # the same import again changes nothing, and keeps no version
    cat.clock = lambda: at(10)
    cat.upsert_entries([entry("E"), entry("D", revoked=True),
                        entry("C", valid_until=date(2025, 6, 1))], today=AS_OF)
    assert cat.register_changed_since(at(9) + timedelta(minutes=30)) == (0, [])
    cat.engine.dispose()


def submitted_id(out: str) -> str:
    return re.search(r"submitted (BC-[\w-]+):", out).group(1)


def test_an_auditor_submits_then_reproduces_after_more_scans_and_a_newer_register(
        env: Path, tmp_path: Path, capsys):
    sample = Path(__file__).resolve().parent.parent / "sample_scans" / "register.csv"
    assert main(["register", "import", str(sample)]) == 0
    app = bootstrap.install(bootstrap.App(load_settings()))
    today = app.settings.today()
    capsys.readouterr()
    assert main(["report", "--submit", "--actor", "Lê Thị Kiểm Toán"]) == 0
    out = capsys.readouterr().out
    ident = submitted_id(out)
    assert f"as of {today:%d/%m/%Y}, by Lê Thị Kiểm Toán" in out and "+0700" in out
    assert "manifest.json.p7s" in out  # signed by the digitizing unit
    before = make_report(app, today)

    # more scans archived today, and a newer register: a new result, one revoked
    rows = list(csv.reader(sample.open(encoding="utf-8")))
    header, first = rows[0], rows[1]
    archive(app.catalogue, tmp_path, first[header.index("result_id")],
            datetime.now(UTC), sha="e" * 64)
    newer = tmp_path / "so-moi.csv"
    added = list(first)
    added[header.index("result_id")] = "000.21.11.H01-250101-0099"
    revoked = list(rows[2])
    if "revoked" in header:
        revoked[header.index("revoked")] = "x"
    with newer.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows[1:2], revoked, *rows[3:], added])
    assert main(["register", "import", str(newer)]) == 0
    after = make_report(app, today)
    assert after.levels != before.levels  # today's figures moved on
    capsys.readouterr()

    assert main(["report", "--reproduce", ident]) == 0
    out = capsys.readouterr().out
    assert "MATCHES: the figures are reproduced exactly" in out
    assert out.count(": intact") == 3  # JSON, HTML, XLSX as stored
    assert "manifest signature: OK; signed by" in out
    assert "register row(s) known then were changed by a later import" in out

    assert main(["report", "--submitted"]) == 0
    assert ident in capsys.readouterr().out
    assert main(["report", "--reproduce", "BC-khong-co"]) == 2
    assert "no submitted report BC-khong-co" in capsys.readouterr().err
    assert main(["audit-log"]) == 0
    log = capsys.readouterr().out
    assert ",report,submitted," in log and "Lê Thị Kiểm Toán" in log
    assert ",report,reproduced," in log
