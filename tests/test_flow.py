"""The nightly Prefect flow end to end: real Tesseract, real SeaweedFS, SQLite, Prefect.

The register (conftest.fixture_documents) as of 2025-06-30, worked out by hand:
  district: valid = #1 (scanned), #2 (no scan)              -> 1/2 = 50.0%  < 60%: Chưa đạt
            #3 expired on 2025-06-29 (scanned: stored, not counted)
  commune:  valid = #4 (expires on the as-of date, scanned upside down),
                    #6 (no scan), #8 (scanned, matched by manifest) -> 2/3 = 66.7% >= 55%: Đạt
            #5 revoked (scanned: stored, not counted), #7 issued after the as-of date
  inbox: 5 scans of register results + 1 unmatched scan + 3 bad files (cut PDF, empty PNG,
         a .docx) = 9 files -> 5 archived, 1 unmatched, 3 quarantined
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from conftest import AS_OF
from prefect.testing.utilities import prefect_test_harness

from app import bootstrap
from app.imports import import_register
from app.reports import make_report
from app.settings import load_settings
from flows.nightly_digitization import nightly_digitization
from pipeline.render.text import render_text
from sohoa.cli import main
from storage.objectstore import S3Store

pytestmark = pytest.mark.slow

NFD_NAME = unicodedata.normalize("NFD", "Quét ngày 10-02.pdf")


@pytest.fixture(scope="module", autouse=True)
def prefect_api():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def stage_inbox(fixture_set: Path, inbox: Path) -> None:
    shutil.copytree(fixture_set / "inbox", inbox, dirs_exist_ok=True)
    # the phone-scanner's file name arrives decomposed (NFD), the manifest has it composed
    (inbox / "Quét ngày 10-02.pdf").rename(inbox / NFD_NAME)


def objects(store: S3Store) -> dict[str, tuple[str, str]]:
    out = {}
    for key in store.keys():
        if key.startswith("reports/"):  # each run stores its own report
            continue
        st = store.client.stat_object(store.bucket, key)
        out[key] = (st.etag, str(st.last_modified))
    return out


def test_nightly_flow_archives_catalogues_and_counts(env: Path, fixture_set: Path, capsys):
    app = bootstrap.install(bootstrap.App(load_settings()))
    settings = app.settings
    assert import_register(app, fixture_set / "register.csv").read == 8
    inbox = env / "inbox"
    stage_inbox(fixture_set, inbox)
    originals = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in inbox.iterdir() if p.name != "manifest.csv"}

    # the night of AS_OF (the report of a past day counts only what was archived by its
    # end: tests/test_time_true.py)
    app.catalogue.clock = lambda: datetime(2025, 6, 30, 3, tzinfo=UTC)
    summary = nightly_digitization(as_of=AS_OF)

    assert summary["counts"] == {"archived": 5, "unmatched": 1, "duplicate": 0,
                                 "quarantined": 3, "failed": 0, "busy": 0}
    assert summary["summary"] == {"done": 6, "skipped": 0, "quarantined": 3, "failed": 0}
    by_name = {r["file_name"]: r for r in summary["results"]}
    assert by_name[unicodedata.normalize("NFC", NFD_NAME)]["result_id"] == \
        "000.21.11.H01-250210-0008"

    # --- catalogue rows ---
    cat = app.catalogue
    docs = {d.file_name: d for d in cat.documents()}
    assert len(docs) == 6
    assert {d.status for d in docs.values()} == {"archived", "unmatched"}
    upside = docs["000.21.11.H01-240819-0004.jpg"]
    assert upside.result_id == "000.21.11.H01-240819-0004" and upside.pages == 1
    assert upside.confidence > 80 and upside.flow_run_id
    assert docs["ban-quet-khong-ro-ho-so.png"].status == "unmatched"
    quarantined = {q.file_name: q.reason for q in cat.quarantined()}
    assert set(quarantined) == {"000.23.12.H02-250902-0033.pdf", "trong.png", "ghi-chu.docx"}
    assert "not a readable PDF" in quarantined["000.23.12.H02-250902-0033.pdf"]
    assert "empty" in quarantined["trong.png"]
    assert "unsupported file type .docx" in quarantined["ghi-chu.docx"]

    # --- objects in the bucket, with their checksums ---
    store = app.store()
    keys = [k for k in store.keys() if not k.startswith("reports/")]
    # original, text, archival PDF/A and metadata record (JSON, XML) of each of the 6 scans
    assert len(keys) == 30
    stored_reports = store.keys("reports/2025-06-30/")
    assert [k.rsplit(".", 1)[1] for k in stored_reports] == ["html", "json"]
    stored = json.loads(store.read(stored_reports[1]))
    assert stored["as_of"] == "2025-06-30"
    assert store.stored_sha256(stored_reports[1]) == hashlib.sha256(
        store.read(stored_reports[1])).hexdigest()
    for d in docs.values():
        data = store.read(d.original_key)
        assert hashlib.sha256(data).hexdigest() == d.sha256 == store.stored_sha256(
            d.original_key)
        assert originals[d.file_name if d.file_name in originals else NFD_NAME] == d.sha256
    assert upside.original_key == (
        "xa/000.21.11.H01/2024/000.21.11.H01-240819-0004/" + upside.sha256[:16] + ".jpg")
    text = store.read(upside.text_key).decode("utf-8")
    assert "TRÍCH LỤC KHAI SINH" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert upside.archival_key == upside.original_key.replace(".jpg", ".pdfa.pdf")
    archival = env / "archival.pdf"
    archival.write_bytes(store.read(upside.archival_key))
    with pikepdf.open(archival) as pdf:
        assert len(pdf.pages) == 1 and int(pdf.pages[0].Rotate) == 180  # shown upright
        assert pdf.open_metadata()["pdfaid:part"] == "2"
    searchable = subprocess.run(["pdftotext", str(archival), "-"], capture_output=True,
                                text=True, check=True).stdout
    assert "TRÍCH LỤC KHAI SINH" in searchable
    fields = upside.fields
    assert fields["doc_type"]["value"].startswith("TRÍCH LỤC KHAI SINH")
    assert docs["ban-quet-khong-ro-ho-so.png"].original_key.startswith("unmatched/")

    # --- the report, exactly as worked out by hand ---
    report = make_report(app, AS_OF)
    district, commune = report.levels
    assert (district.tally.valid, district.tally.digitized, district.met) == (2, 1, False)
    assert (commune.tally.valid, commune.tally.digitized, commune.met) == (3, 2, True)
    assert [(u.unit_code, u.tally.valid, u.tally.digitized) for u in commune.units] == [
        ("000.21.11.H01", 2, 2), ("000.23.12.H02", 1, 0)]
    excl = report.exclusions
    assert (excl.revoked, excl.expired, excl.not_yet_issued) == (1, 1, 1)
    text_report = render_text(report)
    assert "50.0%" in text_report and "66.7%" in text_report
    assert [u.file_name for u in report.unmatched] == ["ban-quet-khong-ro-ho-so.png"]

    # --- the inbox was emptied into processed/ and quarantine/: nothing lost ---
    assert sorted(p.name for p in inbox.iterdir()) == ["manifest.csv"]
    kept = {p.name for p in settings.processed_dir.rglob("*") if p.is_file()}
    kept |= {p.name for p in settings.quarantine_dir.iterdir()}
    for name in originals:
        assert unicodedata.normalize("NFC", name) in {unicodedata.normalize("NFC", k)
                                                      for k in kept}
    reason = (settings.quarantine_dir / "trong.png.reason.txt").read_text(encoding="utf-8")
    assert "empty" in reason

    # --- fixity check: all intact, then one stored original altered in the store ---
    assert main(["fixity"]) == 0
    assert "0 missing, 0 altered" in capsys.readouterr().out
    victim = upside  # archived, counted at commune level
    kept_original = (settings.processed_dir.rglob(victim.file_name)).__next__().read_bytes()
    store.client.put_object(store.bucket, victim.original_key, io.BytesIO(b"tampered"), 8)
    assert main(["fixity"]) == 6
    out = capsys.readouterr().out
    assert (f"ALTERED: {victim.result_id} ({victim.file_name}) {victim.original_key}"
            in out)
    tampered = make_report(app, AS_OF)
    assert tampered.levels[1].tally.digitized == 1  # no longer counted: 2 -> 1
    assert victim.result_id in render_text(tampered)
    # restored from the original kept in processed/
    store.put_verified(victim.original_key, kept_original, victim.sha256, "image/jpeg",
                       replace=True)
    assert main(["fixity"]) == 0
    assert make_report(app, AS_OF).levels[1].tally.digitized == 2
    assert main(["audit-log"]) == 0
    log = capsys.readouterr().out
    assert ",verify,altered," in log and ",verify,ok," in log and ",store,verified," in log
    # the desk's time with its offset, and the result each event's document is matched to
    assert "\nat,sha256,result_id,stage," in log and "+07:00," in log
    assert f",{victim.result_id},verify,altered," in log

    # --- a second run over the same files stores nothing twice, numbers unchanged ---
    before = objects(store)
    stage_inbox(fixture_set, inbox)
    again = nightly_digitization(as_of=AS_OF)
    assert again["counts"]["duplicate"] == 9
    assert again["counts"]["archived"] == again["counts"]["unmatched"] == 0
    assert objects(store) == before
    assert len(cat.documents()) == 6 and len(cat.quarantined()) == 3
    assert render_text(make_report(app, AS_OF)) == text_report


def test_keep_inbox_leaves_the_inbox_untouched(env: Path, fixture_set: Path):
    app = bootstrap.install(bootstrap.App(load_settings()))
    settings = app.settings
    import_register(app, fixture_set / "register.csv")
    inbox = env / "kept"
    inbox.mkdir()
    for name in ("000.00.11.H01-240315-0001.png", "000.23.12.H02-250902-0033.pdf"):
        shutil.copy2(fixture_set / "inbox" / name, inbox / name)
    before = sorted(p.name for p in inbox.iterdir())
    summary = nightly_digitization(inbox=str(inbox), keep_inbox=True, as_of=AS_OF)
    assert summary["counts"]["archived"] == 1 and summary["counts"]["quarantined"] == 1
    assert sorted(p.name for p in inbox.iterdir()) == before
    assert (settings.quarantine_dir / "000.23.12.H02-250902-0033.pdf").exists()


def test_s3_inbox_scans_are_archived_and_moved_aside_in_the_bucket(env: Path, fixture_set: Path,
                                                                   bucket_cfg):
    """Scanners upload to s3://<bucket>/quet/; the run archives them and moves each object to
    processed/<date>/ or quarantine/ (with its reason) inside the inbox bucket."""
    from storage.objectstore import S3Config

    app = bootstrap.install(bootstrap.App(load_settings()))
    import_register(app, fixture_set / "register.csv")
    inbox = S3Store(S3Config(bucket_cfg.endpoint, bucket_cfg.access_key, bucket_cfg.secret_key,
                             "hop-thu"))
    inbox.ensure_bucket()
    for name in ("000.00.11.H01-240315-0001.png", "000.23.12.H02-250902-0033.pdf"):
        data = (fixture_set / "inbox" / name).read_bytes()
        inbox.put_verified(f"quet/{name}", data, hashlib.sha256(data).hexdigest(),
                           "application/octet-stream")
    summary = nightly_digitization(inbox="s3://hop-thu/quet", as_of=AS_OF)
    assert summary["summary"] == {"done": 1, "skipped": 0, "quarantined": 1, "failed": 0}
    keys = inbox.keys("quet/")
    assert [k for k in keys if not k.startswith(("quet/processed/", "quet/quarantine/"))] == []
    assert any(k.endswith("/000.00.11.H01-240315-0001.png") and "processed/" in k for k in keys)
    assert "quet/quarantine/000.23.12.H02-250902-0033.pdf" in keys
    reason = inbox.read("quet/quarantine/000.23.12.H02-250902-0033.pdf.reason.txt").decode()
    assert "not a readable PDF" in reason
    archived = app.store()
    assert any(k.endswith(".png") for k in archived.keys())


def test_dry_run_reads_stores_and_moves_nothing(env: Path, fixture_set: Path):
    app = bootstrap.install(bootstrap.App(load_settings()))
    inbox = env / "inbox"
    stage_inbox(fixture_set, inbox)
    before = sorted(p.name for p in inbox.iterdir())
    out = nightly_digitization(dry_run=True)
    assert out["dry_run"] and len(out["files"]) == 9
    assert {r["would"] for r in out["files"]} == {"digitize"}
    assert sorted(p.name for p in inbox.iterdir()) == before
    assert app.catalogue.documents() == []


def test_the_same_flow_fans_out_over_a_dask_cluster(env: Path, fixture_set: Path, monkeypatch):
    """SOHOA_DASK_ADDRESS: the per-file tasks run in the Dask cluster's worker processes."""
    from distributed import Client, LocalCluster, get_task_stream
    from prefect_dask import DaskTaskRunner

    app = bootstrap.install(bootstrap.App(load_settings()))
    import_register(app, fixture_set / "register.csv")
    inbox = env / "dask-inbox"
    inbox.mkdir()
    names = ("000.00.11.H01-240315-0001.png", "000.21.11.H01-240819-0004.jpg", "trong.png")
    for name in names:
        shutil.copy2(fixture_set / "inbox" / name, inbox / name)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as dask:
        monkeypatch.setenv("SOHOA_DASK_ADDRESS", cluster.scheduler_address)
        bootstrap.install(bootstrap.App(load_settings()))  # the settings are read once
        runner = DaskTaskRunner(address=cluster.scheduler_address)
        with get_task_stream(dask) as stream:
            summary = nightly_digitization.with_options(task_runner=runner)(
                inbox=str(inbox), as_of=AS_OF)
    assert summary["summary"] == {"done": 2, "skipped": 0, "quarantined": 1, "failed": 0}
    ran_on = [t["worker"] for t in stream.data]
    assert len(ran_on) >= len(names)  # every file's task ran in the cluster


def test_progress_shows_in_the_terminal_and_as_an_artifact():
    from flows.progress import RunProgress
    from pipeline.models import Outcome, ScanResult

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    progress = RunProgress(3, key="test-progress", stream=out)
    for name, outcome in (("a.pdf", Outcome.ARCHIVED), ("b.png", Outcome.QUARANTINED),
                          ("c.jpg", Outcome.DUPLICATE)):
        progress.advance(ScanResult(name, "", outcome))
    assert progress.percent == 100.0
    last = out.getvalue().split("\r")[-1]
    assert last.startswith("[" + "#" * 30 + "] 3/3 file(s)")
    assert "done 1" in last and "quarantined 1" in last and "skipped 1" in last


def test_damaged_objects_are_repaired_from_the_original(env: Path, fixture_set: Path, capsys):
    """A text object altered and an original deleted in the store: `sohoa fixity --repair`
    puts them back from the originals kept in processed/, or the scan handed in again does."""
    app = bootstrap.install(bootstrap.App(load_settings()))
    import_register(app, fixture_set / "register.csv")
    inbox = env / "inbox"
    inbox.mkdir(parents=True)
    names = ("000.00.11.H01-240315-0001.png", "000.21.11.H01-240819-0004.jpg")
    for name in names:
        shutil.copy2(fixture_set / "inbox" / name, inbox / name)
    nightly_digitization(inbox=str(inbox), as_of=AS_OF)
    docs = {d.file_name: d for d in app.catalogue.documents()}
    text_doc, gone_doc = docs[names[0]], docs[names[1]]
    store = app.store()
    store.client.put_object(store.bucket, text_doc.text_key, io.BytesIO(b"sai"), 3)
    store.client.remove_object(store.bucket, gone_doc.original_key)

    assert main(["fixity"]) == 6
    assert make_report(app, AS_OF).fixity_failed[0].key == text_doc.text_key  # not the original
    capsys.readouterr()
    # the text object: made again from the original kept in processed/
    kept = next(app.settings.processed_dir.rglob(names[1]))
    moved = env / "elsewhere"
    moved.mkdir()
    shutil.move(kept, moved / names[1])  # this original is not in processed/ any more
    assert main(["fixity", "--repair", "--by", "Trần Văn Bình"]) == 6
    out = capsys.readouterr().out
    assert f"REPAIRED: {text_doc.result_id}" in out and text_doc.text_key in out
    assert f"NOT REPAIRED: {gone_doc.result_id}" in out
    # the other original handed in again
    shutil.copy2(moved / names[1], inbox / names[1])
    again = nightly_digitization(inbox=str(inbox), as_of=AS_OF)
    assert again["counts"]["duplicate"] == 1
    assert "restored" in again["results"][0]["message"]
    assert main(["fixity"]) == 0
    assert make_report(app, AS_OF).fixity_failed == ()
    events = [e for e in app.catalogue.audit_events() if e.stage == "repair"]
    assert {e.actor for e in events} == {"Trần Văn Bình", ""}
    assert store.verify(gone_doc.original_key, gone_doc.sha256)
