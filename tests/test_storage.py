"""The S3 adapter against a real SeaweedFS, the embedded launcher, and the SQL catalogue."""

import hashlib
import io
import json
import os
import socket
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.errors import CatalogueError, CatalogueUnavailable, ObjectExists, StorageError
from pipeline.hashing import sha256_file
from pipeline.models import Level, Outcome, PageText, RegisterEntry, ScanFile, ScanResult
from storage import objectstore
from storage.catalogue import SqlCatalogue
from storage.objectstore import S3Config, S3Store
from storage.seaweed import EmbeddedSeaweed, embedded_store, running_embedded


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def test_put_verified_keeps_checksum_metadata_and_is_idempotent(bucket_cfg: S3Config):
    store = S3Store(bucket_cfg)
    data = "Quyết định số 125/QĐ-UBND của Ủy ban nhân dân xã Đông Hòa".encode()
    key = "xa/000.21.11.H01/2024/000.21.11.H01-240819-0003/abcd.txt"
    store.put_verified(key, data, sha(data), "text/plain; charset=utf-8")
    assert store.stored_sha256(key) == sha(data)
    assert store.read(key) == data
    before = store.client.stat_object(bucket_cfg.bucket, key).last_modified
    store.put_verified(key, data, sha(data), "text/plain; charset=utf-8")  # again: no rewrite
    assert store.client.stat_object(bucket_cfg.bucket, key).last_modified == before
    assert store.keys("xa/") == [key]


def test_the_store_refuses_to_overwrite_other_bytes_unless_a_repair_asks(
        bucket_cfg: S3Config, tmp_path: Path, monkeypatch):
    store = S3Store(bucket_cfg)
    first = "Quyết định số 12/QĐ-UBND".encode()
    store.put_verified("qd.txt", first, sha(first), "text/plain")
    with pytest.raises(ObjectExists, match="already holds other bytes"):
        store.put_verified("qd.txt", b"khac", sha(b"khac"), "text/plain")
    assert store.read("qd.txt") == first
    # a large file goes up in parts: the store refuses it at the last step just the same
    monkeypatch.setattr(objectstore, "PART_SIZE", 5 * 1024 * 1024)
    big = tmp_path / "lon.pdf"
    big.write_bytes(os.urandom(6 * 1024 * 1024))
    with pytest.raises(ObjectExists):
        store.put_verified("qd.txt", big, sha256_file(big), "application/pdf")
    assert store.read("qd.txt") == first
    store.put_verified("lon.pdf", big, sha256_file(big), "application/pdf")
    assert store.verify("lon.pdf", sha256_file(big))
    # a repair puts the intact bytes back over damaged ones
    store.put_verified("qd.txt", b"khac", sha(b"khac"), "text/plain", replace=True)
    assert store.read("qd.txt") == b"khac"


def test_wrong_checksum_is_refused_and_tampering_is_detected(bucket_cfg: S3Config):
    store = S3Store(bucket_cfg)
    with pytest.raises(StorageError, match="does not match"):
        store.put_verified("a.txt", b"abc", sha(b"abd"), "text/plain")
    store.put_verified("b.txt", b"original", sha(b"original"), "text/plain")
    store.client.put_object(bucket_cfg.bucket, "b.txt", io.BytesIO(b"altered!"), 8)
    assert store.verify("b.txt", sha(b"original")) is False


def test_wrong_credentials_are_refused(bucket_cfg: S3Config):
    bad = S3Config(bucket_cfg.endpoint, bucket_cfg.access_key, "not-the-secret",
                   bucket_cfg.bucket)
    with pytest.raises(StorageError):
        S3Store(bad).read("anything")
    assert "not-the-secret" not in repr(bad)  # credentials stay out of logs


def _listening_ports(pid: int) -> set[tuple[str, int]]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().as_posix()
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:  # LISTEN
                ip_hex, port_hex = parts[1].split(":")
                ip = (socket.inet_ntoa(bytes.fromhex(ip_hex)[::-1]) if len(ip_hex) == 8
                      else ip_hex)
                found.add((ip, int(port_hex, 16)))
    return found


def test_embedded_seaweedfs_binds_loopback_keeps_data_and_stops(tmp_path: Path):
    folder = tmp_path / "state" / "seaweedfs"
    with embedded_store(folder, "sohoa") as cfg:
        assert cfg.endpoint.startswith("127.0.0.1:")
        pid = json.loads((folder / "runtime.json").read_text())["pid"]
        listening = _listening_ports(pid)
        assert listening and all(ip == "127.0.0.1" for ip, _ in listening), listening
        assert stat.S_IMODE((folder / "s3-identities.json").stat().st_mode) == 0o600
        S3Store(cfg).put_verified("giữ/lại.txt", b"du lieu", sha(b"du lieu"), "text/plain")
        # a second user of the same state folder shares the running server
        assert running_embedded(folder, "sohoa") == cfg
    assert not (folder / "runtime.json").exists()
    left = [p for _, port in listening for p in Path("/tmp").glob(f"seaweedfs-*-{port}.sock")]
    assert left == []  # no sockets left behind in the system temp folder
    assert running_embedded(folder, "sohoa") is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    server = EmbeddedSeaweed(folder)
    cfg2 = server.start()  # restarted on new ports: same credentials, data still there
    try:
        assert S3Store(cfg2).read("giữ/lại.txt") == b"du lieu"
    finally:
        server.stop()


def entry(rid: str, **kw) -> RegisterEntry:
    base = dict(result_id=rid, procedure_code="1.001193", procedure_name="Đăng ký khai sinh",
                field="Hộ tịch", unit_code="000.21.11.H01", unit_name="Xã Đông Hòa",
                level=Level.COMMUNE, issued_date=date(2024, 8, 19))
    return RegisterEntry(**{**base, **kw})


def test_reimporting_register_updates_rows_never_duplicates(catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    assert cat.upsert_entries([entry("A"), entry("B")]) == (2, 0)
    assert cat.upsert_entries([entry("A"), entry("B", revoked=True), entry("C")]) == (1, 1)
    rows = {e.result_id: e for e in cat.entries()}
    assert sorted(rows) == ["A", "B", "C"] and rows["B"].revoked is True
    assert cat.known_result_ids(["A", "Z", "C"]) == {"A", "C"}
    # the same register again, expiry dates and Vietnamese names included: nothing rewritten
    again = [entry("A"), entry("B", revoked=True), entry("C", valid_until=date(2030, 1, 1),
                                                           replaced_by="Đ-01")]
    assert cat.upsert_entries(again) == (0, 1)
    assert cat.upsert_entries(again) == (0, 0)


def test_scan_recorded_once_with_pages_and_audit_events(tmp_path: Path, catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    cat.upsert_entries([entry("A")])
    scan = ScanFile(tmp_path / "A.png", "A.png", "f" * 64, 123)
    result = ScanResult("A.png", "f" * 64, Outcome.ARCHIVED, "A", 1, 91.5, "file name",
                        ("k.png", "k.txt"))
    pages = [PageText(1, "ỦY BAN NHÂN DÂN", 91.5)]
    kw = dict(media_type="image/png", original_key="k.png", text_key="k.txt", bucket="b",
              run_id="run-1")
    assert cat.record_scan(scan, result, pages, **kw) is True
    assert cat.record_scan(scan, result, pages, **kw) is False  # same content again
    assert cat.outcome_of("f" * 64) == "archived"
    assert cat.digitized_result_ids() == {"A"}
    (doc,) = cat.documents()
    assert (doc.pages, doc.confidence, doc.flow_run_id) == (1, 91.5, "run-1")
    assert (doc.file_name, doc.objects) == ("A.png", {"k.png": "f" * 64})

    # fixity: a failed audit stops the result counting; a clean one restores it
    from pipeline.fixity import check

    (target,) = cat.fixity_targets()
    assert target.objects == {"k.png": "f" * 64}
    cat.record_fixity(check([target], {"k.png": "0" * 64}.get), "audit-1")
    assert cat.digitized_result_ids() == set()
    assert cat.fixity_failures() == [("A", "A.png", "k.png")]
    cat.record_fixity(check([target], {"k.png": "f" * 64}.get), "audit-2")
    assert cat.digitized_result_ids() == {"A"}
    stages = [(e.stage, e.outcome) for e in cat.audit_events()]
    assert ("verify", "altered") in stages and ("verify", "ok") in stages
    cat.engine.dispose()


def test_catalogue_from_an_older_version_gains_the_new_columns(tmp_path):
    import sqlite3

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, sha256 VARCHAR(64) UNIQUE, "
                "status VARCHAR(16), result_id VARCHAR(120), match_note TEXT, source_name TEXT,"
                " media_type VARCHAR(40), size_bytes INTEGER, pages INTEGER, "
                "ocr_confidence FLOAT, bucket VARCHAR(63), original_key TEXT, text_key TEXT, "
                "flow_run_id VARCHAR(64), created_at DATETIME)")
    con.execute("INSERT INTO documents (sha256, status, result_id, match_note, source_name, "
                "media_type, size_bytes, pages, bucket, original_key, text_key) VALUES "
                "('ab', 'archived', 'R-1', '', 'a.png', 'image/png', 1, 1, 'b', 'k.png', 'k.txt')")
    con.execute("CREATE TABLE quarantine (id INTEGER PRIMARY KEY, sha256 VARCHAR(64) UNIQUE, "
                "source_name TEXT, reason TEXT, stage VARCHAR(32), path TEXT, "
                "flow_run_id VARCHAR(64), created_at DATETIME)")
    con.execute("INSERT INTO quarantine (sha256, source_name, reason, stage, path) VALUES "
                "('cd', 'trống.png', 'empty file', 'read', '/q/trống.png')")
    con.commit()
    con.close()
    cat = SqlCatalogue(f"sqlite:///{db}")
    assert cat.digitized_result_ids() == {"R-1"}  # the old row counts (fixity defaults to ok)
    (target,) = cat.fixity_targets()
    assert target.objects == {"k.png": "ab"}
    (doc,) = cat.documents()  # source_name renamed file_name, its value kept
    assert (doc.file_name, doc.fixity, doc.review_pages, doc.fields) == ("a.png", "ok", 0, {})
    assert [q.file_name for q in cat.quarantined()] == ["trống.png"]
    cat.close()
    columns = {r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(documents)")}
    assert "file_name" in columns and "source_name" not in columns
    SqlCatalogue(f"sqlite:///{db}").close()  # opened again: nothing left to upgrade


def test_a_read_only_catalogue_is_a_lasting_error_naming_the_database(tmp_path):
    db = tmp_path / "c.db"
    SqlCatalogue(f"sqlite:///{db}").close()
    # opened read-only (chmod would not stop root, who runs the tests in CI containers)
    cat = SqlCatalogue(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert cat.is_empty()  # reading works
    with pytest.raises(CatalogueError) as exc:
        cat.upsert_entries([entry("A")])
    err = exc.value
    assert type(err) is CatalogueError and not err.retryable
    assert str(db) in str(err) and "readonly" in str(err) and "\n" not in str(err)
    assert "write access" in err.hint
    cat.close()


def test_an_unreachable_database_is_retryable_and_its_password_stays_hidden():
    with pytest.raises(CatalogueUnavailable) as exc:
        SqlCatalogue("postgresql+psycopg://u:secret@127.0.0.1:1/x")
    err = exc.value
    assert err.retryable and "127.0.0.1:1/x" in str(err) and "\n" not in str(err)
    assert "secret" not in str(err) and "secret" not in err.hint and err.hint


def test_quarantined_file_placed_after_it_is_recorded(tmp_path: Path, catalogue_url: str):
    cat = SqlCatalogue(catalogue_url)
    assert cat.is_empty()
    cat.upsert_entries([entry("A")])
    assert not cat.is_empty()
    scan = ScanFile(tmp_path / "trống.png", "trống.png", "e" * 64, 0)
    cat.record_quarantine(scan, "empty file", "read", "", "run-1")
    assert cat.quarantined()[0].path == ""
    cat.place_quarantined("e" * 64, "/q/2025-06-30/trống.png")
    assert [(q.file_name, q.reason, q.path) for q in cat.quarantined()] == [
        ("trống.png", "empty file", "/q/2025-06-30/trống.png")]
    assert cat.outcome_of("e" * 64) == "quarantined"
    (event,) = cat.audit_events()
    assert (event.stage, event.outcome, event.flow_run_id) == ("read", "quarantined", "run-1")
    assert event.at.tzinfo is not None
    cat.close()


def test_rates_counted_in_the_database_equal_the_pure_arithmetic(tmp_path: Path,
                                                                 catalogue_url: str):
    from pipeline.fixity import check
    from pipeline.models import Level
    from pipeline.rates import breakdown, compute_level_rates, missing, rates_from_unit_counts

    as_of = date(2025, 6, 30)
    rows = [entry("A"), entry("B", valid_until=as_of), entry("C", valid_until=date(2025, 6, 29)),
            entry("D", revoked=True), entry("E", issued_date=date(2025, 7, 1)),
            entry("F", replaced_by="G"), entry("G", issued_date=date(2025, 8, 1)),
            entry("H", replaced_by="NOT-IN-REGISTER"), entry("I", unit_code="U9"),
            entry("J", level=Level.DISTRICT, unit_code="H1", field="Đất đai")]
    cat = SqlCatalogue(catalogue_url)
    cat.clock = lambda: datetime(2025, 6, 30, 3, tzinfo=UTC)  # archived that morning
    cat.upsert_entries(rows, today=date(2025, 6, 1))  # D known revoked since then
    for rid, sha in (("A", "a" * 64), ("F", "b" * 64), ("J", "c" * 64), ("I", "d" * 64)):
        scan = ScanFile(tmp_path / f"{rid}.png", f"{rid}.png", sha, 1)
        res = ScanResult(f"{rid}.png", sha, Outcome.ARCHIVED, rid, 1, 90.0)
        cat.record_scan(scan, res, [], media_type="image/png", original_key=f"{rid}.png",
                        text_key=f"{rid}.txt", bucket="b", run_id=None)
    tampered = [t for t in cat.fixity_targets() if t.result_id == "I"]
    cat.record_fixity(check(tampered, {}.get))  # I's object is missing: not counted
    digitized = cat.digitized_result_ids()
    assert digitized == {"A", "F", "J"}
    targets = {Level.DISTRICT: 0.6, Level.COMMUNE: 0.55}
    want_levels, want_excluded = compute_level_rates(rows, digitized, as_of, targets)
    counts, excluded = cat.rate_counts(as_of)
    assert rates_from_unit_counts(counts, targets) == want_levels
    assert excluded == want_excluded
    assert (excluded.revoked, excluded.expired, excluded.not_yet_issued, excluded.replaced) == (
        1, 1, 2, 1)  # E and G not yet issued; F still valid (G comes later); H replaced
    by_field = {(c.level, c.unit_code): (c.valid, c.digitized)
                for c in cat.rate_counts(as_of, "field")[0]}
    assert by_field == {(g.level, g.key): (g.tally.valid, g.tally.digitized)
                        for g in breakdown(rows, digitized, as_of, "field")}
    assert cat.missing_entries(as_of) == list(missing(rows, digitized, as_of))
    cat.engine.dispose()
