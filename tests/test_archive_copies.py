"""The archive cannot silently change or lose what it holds: the bucket sohoa makes keeps
every version under object lock, a second copy (another embedded SeaweedFS on its own path)
gets every object, and the fixity check puts a damaged object back from an intact copy,
recording it. Real SeaweedFS, real OCR, the default configuration (no S3 endpoint set)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF
from minio.error import S3Error
from prefect.testing.utilities import prefect_test_harness

from app import bootstrap
from app.imports import import_register
from app.reports import make_report
from app.settings import load_settings
from app.workspace import Workspace
from flows.nightly_digitization import nightly_digitization
from pipeline.errors import ObjectExists
from pipeline.hashing import sha256_file
from pipeline.keys import archive_keys
from sohoa.cli import main

pytestmark = pytest.mark.slow

SCAN = "000.00.11.H01-240315-0001.png"


@pytest.fixture(scope="module", autouse=True)
def prefect_api():
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def embedded(tmp_path: Path, monkeypatch) -> Path:
    """The default set-up: no S3 endpoint, so the archive and its replica are embedded."""
    for k in ("SOHOA_S3_ENDPOINT", "SOHOA_S3_ACCESS_KEY", "SOHOA_S3_SECRET_KEY",
              "SOHOA_S3_BUCKET", "SOHOA_CONFIG", "SOHOA_REPLICA"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("SOHOA_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SOHOA_REPLICA_DIR", str(tmp_path / "other-disk" / "replica"))
    monkeypatch.setenv("SOHOA_INBOX_SETTLE_SECONDS", "0")
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    bootstrap.reset()


def digitize_one(app, root: Path, fixture_set: Path, before=None) -> None:
    """The fixture register imported, one scan handed in and digitized by the nightly flow
    (``before(app)`` called just before the run)."""
    import_register(app, fixture_set / "register.csv")
    if before is not None:
        before(app)
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy2(fixture_set / "inbox" / SCAN, inbox / SCAN)
    nightly_digitization(inbox=str(inbox), as_of=AS_OF)


def test_an_overwrite_or_delete_is_undone_from_the_locked_version_or_the_other_copy(
        embedded: Path, fixture_set: Path, capsys):
    app = bootstrap.install(bootstrap.App(load_settings()))
    left = {}

    def interrupted(app):  # an earlier attempt stored some objects, then the night ended
        left["text"] = text_key = archive_keys(app.catalogue.entry(Path(SCAN).stem),
                                               sha256_file(fixture_set / "inbox" / SCAN),
                                               SCAN)[1]
        left["record"] = record_key = text_key.replace(".txt", ".metadata.json")
        with app.object_store() as store:
            store.primary.put_verified(text_key, b"cu", hashlib.sha256(b"cu").hexdigest(),
                                       "text/plain")
            store.replica.put_verified(record_key, b"{}", hashlib.sha256(b"{}").hexdigest(),
                                       "application/json")

    digitize_one(app, embedded, fixture_set, before=interrupted)
    doc = app.catalogue.documents()[0]
    text_key, record_key = left["text"], left["record"]
    assert doc.text_key == text_key and doc.metadata_key == record_key
    with app.object_store() as store:  # what it left is replaced, and kept as a version
        assert store.primary.verify(text_key, doc.objects[text_key])
        assert store.replica.verify(record_key, doc.objects[record_key])
        assert len(store.primary.versions(text_key)) == 2
    # its code, file name and metadata record, as the guidance asks
    assert re.fullmatch(r"MCQ_GCN_\d{6}", doc.doc_code)
    assert doc.archival_name.startswith(f"{doc.doc_code}_V1_20240315_Giay-chung-nhan")
    with app.object_store() as store:
        record = json.loads(store.read(doc.metadata_key))
    assert record["DocCode"] == f"{doc.doc_code}_V1", record
    assert record["OriginalSha256"] == doc.sha256, (record, doc)
    assert {doc.metadata_key, doc.metadata_key.replace(".json", ".xml")} <= set(doc.objects)

    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.count("versioned, object lock COMPLIANCE, 3650 days for each version; "
                     "refuses an overwrite") == 2
    assert "replica copy" in out and "one copy only" not in out

    with app.object_store() as store:
        primary, replica = store.primary, store.replica
        # every object is in both copies, byte for byte
        for key in (doc.original_key, doc.text_key, doc.archival_key):
            assert primary.sha256_of(key) == replica.sha256_of(key)
        assert replica.verify(doc.original_key, doc.sha256)
        # sohoa's own writes never replace what is there: both stores refuse the write
        with pytest.raises(ObjectExists, match="the store refused"):
            store.put_verified(doc.archival_key, b"sai", hashlib.sha256(b"sai").hexdigest(),
                               "application/pdf")
        for copy in (primary, replica):
            assert copy.verify(doc.archival_key, doc.objects[doc.archival_key])
            assert len(copy.versions(doc.archival_key)) == 1
        # someone with the store's credentials overwrites the original: the store keeps the
        # first version, and refuses to delete it
        primary.client.put_object(primary.bucket, doc.original_key, io.BytesIO(b"sai"), 3)
        first = [v for v in primary.versions(doc.original_key) if not v.latest]
        assert len(first) == 1
        with pytest.raises(S3Error) as refused:
            primary.client.remove_object(primary.bucket, doc.original_key,
                                         version_id=first[0].version_id)
        assert refused.value.code == "AccessDenied"
        assert primary.sha256_of(doc.original_key, first[0].version_id) == doc.sha256
        # and the replica loses the text
        replica.client.remove_object(replica.bucket, doc.text_key)

    assert main(["fixity"]) == 0
    out = capsys.readouterr().out
    assert "1 missing, 1 altered, 2 put back from an intact copy" in out
    assert f"{doc.original_key}: was altered, put back from the replica copy" in out
    assert f"{doc.text_key} (replica copy): was missing, put back from the primary copy" in out
    with app.object_store() as store:
        assert store.primary.verify(doc.original_key, doc.sha256)
        assert store.replica.sha256_of(doc.text_key) == store.primary.sha256_of(doc.text_key)
        # both copies damaged at once: the primary's locked version is still there
        for copy in (store.primary, store.replica):
            copy.client.put_object(copy.bucket, doc.archival_key, io.BytesIO(b"x"), 1)
    assert main(["fixity"]) == 0
    out = capsys.readouterr().out
    assert f"{doc.archival_key}: was altered, put back from version" in out
    assert f"{doc.archival_key} (replica copy): was altered, put back from the primary" in out
    assert main(["fixity"]) == 0
    assert "0 missing, 0 altered" in capsys.readouterr().out
    repairs = [e for e in app.catalogue.audit_events() if e.stage == "repair"]
    assert len(repairs) == 4 and {e.actor for e in repairs} == {"sohoa fixity"}
    assert make_report(app, AS_OF).fixity_failed == ()


def test_the_s3_inbox_cannot_be_the_archive_bucket(embedded: Path, capsys):
    assert main(["run", "--inbox", "s3://sohoa/quet"]) == 2
    err = capsys.readouterr().err
    assert "is in the archive bucket" in err and "Traceback" not in err


def test_a_catalogue_backup_restored_into_a_fresh_state_gives_the_same_report(
        env: Path, fixture_set: Path, catalogue_url: str, tmp_path: Path, monkeypatch, capsys):
    """SQLite and PostgreSQL: `sohoa backup` while the archive runs, then `sohoa restore` into
    a fresh state folder (or empty database) gives the same report, to the character."""
    from pipeline.render.text import render_text
    from storage.postgres_local import drop_database, fresh_database

    monkeypatch.setenv("SOHOA_DATABASE_URL", catalogue_url)
    app = bootstrap.install(bootstrap.App(load_settings()))
    digitize_one(app, env, fixture_set)
    before = render_text(make_report(app))  # today: the scan counts
    assert main(["backup"]) == 0
    out = capsys.readouterr().out
    made = Path(out.split("backed up to ")[1].split(" (sha256")[0])
    assert made.stat().st_mode & 0o777 == 0o600 and "stored in the archive as" in out
    assert any(k.startswith("backups/catalogue/") for k in app.store().keys("backups/"))

    fresh = fresh_database() if catalogue_url.startswith("postgresql") else \
        f"sqlite:///{tmp_path / 'elsewhere' / 'catalogue.db'}"
    try:
        monkeypatch.setenv("SOHOA_STATE_DIR", str(tmp_path / "elsewhere"))
        monkeypatch.setenv("SOHOA_DATABASE_URL", fresh)
        bootstrap.reset()
        assert main(["restore", str(made)]) == 0
        assert "1 document(s)" in capsys.readouterr().out
        again = bootstrap.install(bootstrap.App(load_settings()))
        assert render_text(make_report(again)) == before
        assert main(["restore", str(made)]) == 2  # never over a catalogue in use
        assert "already" in capsys.readouterr().err
    finally:
        bootstrap.reset()
        if fresh.startswith("postgresql"):
            drop_database(fresh)


def test_a_units_package_is_exported_and_verified_and_a_changed_byte_is_found(
        env: Path, fixture_set: Path, tmp_path: Path, capsys):
    """`sohoa export --unit`: a BagIt bag with METS + PREMIS, every file with its SHA-256;
    `sohoa export --verify` checks the bag, METS and each archival copy's signature."""
    app = bootstrap.install(bootstrap.App(load_settings()))
    digitize_one(app, env, fixture_set)
    doc = app.catalogue.documents()[0]
    unit = app.catalogue.entry(doc.result_id).unit_code
    # a person corrects the subject: V2, with its own metadata record beside its text
    ws = Workspace(app)
    clerk = ws.add_user("binh", "admin", "mat-khau-thu-nghiem")
    assert ws.correct(clerk, doc.sha256, {"subject": "Về việc cấp Giấy chứng nhận đã sửa"},
                      None) == 2
    doc = app.catalogue.documents()[0]
    base = doc.text_key.removesuffix(".txt")
    assert {f"{base}.v2.txt", f"{base}.v2.metadata.json", f"{base}.v2.metadata.xml"} <= set(
        doc.objects)
    with app.object_store() as store:
        v2 = json.loads(store.read(f"{base}.v2.metadata.json"))
        v1 = json.loads(store.read(doc.metadata_key))
    assert v2["DocCode"] == f"{doc.doc_code}_V2" and v2["Version"] == 2
    assert "hiệu đính V2 (correction) bởi binh" in v2["Description"]
    assert v1["DocCode"] == f"{doc.doc_code}_V1"
    assert v2["OriginalSha256"] == v1["OriginalSha256"] == doc.sha256
    out = tmp_path / "ban-giao"
    assert main(["export", "--unit", unit, "--from", "01/01/2024", "--to", "31/12/2024",
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "1 document(s), 8 file(s)" in said
    [bag] = [p for p in out.iterdir() if not p.name.startswith(".")]
    data = bag / "data"
    assert (bag / "manifest-sha256.txt").is_file() and (data / "mets.xml").is_file()
    folder = data / doc.result_id / f"{doc.doc_code}_V1"
    assert (folder / doc.archival_name).is_file()
    assert (folder / f"{doc.doc_code}_V1.metadata.xml").is_file()
    assert (folder / f"{doc.doc_code}_V2.metadata.xml").is_file()
    assert (folder / f"{doc.doc_code}_V2.txt").is_file()
    mets = (data / "mets.xml").read_text(encoding="utf-8")
    assert doc.sha256 in mets and "premis:eventType" in mets and "fixity" in mets

    assert main(["export", "--verify", str(bag)]) == 0
    said = capsys.readouterr().out
    assert "BagIt: valid" in said and "signatures: 1 of 1 archival copies intact" in said
    # nothing is written over an earlier package
    assert main(["export", "--unit", unit, "--from", "01/01/2024", "--to", "31/12/2024",
                 "--out", str(out)]) == 2
    assert "exists already" in capsys.readouterr().err
    # one byte of the archival copy changed in the package
    pdf = folder / doc.archival_name
    raw = bytearray(pdf.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    pdf.write_bytes(bytes(raw))
    assert main(["export", "--verify", str(bag)]) == 6
    said = capsys.readouterr().out
    assert "NOT valid" in said and f"{doc.archival_name} does not match" in said
    assert "NOT OK" in said


def test_a_signature_already_on_an_input_pdf_stays_in_the_archived_original(
        env: Path, fixture_set: Path, tmp_path: Path):
    """A result the issuing office signed digitally: its original is archived byte for byte,
    its signature still intact; the archival copy carries the unit's own signature."""
    from storage.signing import PadesSigner, make_unit_key, pkcs12_signer, verify

    app = bootstrap.install(bootstrap.App(load_settings()))
    import_register(app, fixture_set / "register.csv")
    name = SCAN.replace(".png", ".pdf")
    office = make_unit_key(tmp_path / "office", "Ủy ban nhân dân xã Tân Lập")
    inbox = env / "inbox"
    inbox.mkdir()
    signed = PadesSigner(pkcs12_signer(*office), "Ủy ban nhân dân xã Tân Lập").sign(
        _a_readable_pdf(fixture_set, tmp_path), tmp_path / name)
    shutil.copy2(signed, inbox / name)
    nightly_digitization(inbox=str(inbox), as_of=AS_OF)
    [doc] = [d for d in app.catalogue.documents() if d.file_name == name]
    kept = tmp_path / "kept.pdf"
    store = app.store()
    store.download(doc.original_key, kept)
    assert kept.read_bytes() == signed.read_bytes()
    assert verify(kept, [office[0]]).ok  # the office's signature, as it came
    store.download(doc.archival_key, tmp_path / "copy.pdf")
    assert verify(tmp_path / "copy.pdf", [app.settings.signing_key[0]]).signer == "Bộ phận Một cửa"


def _a_readable_pdf(fixture_set: Path, tmp_path: Path) -> Path:
    """A one-page PDF of a fixture scan (the fixture's own PDF of this result is broken on
    purpose)."""
    from PIL import Image

    out = tmp_path / "scan.pdf"
    with Image.open(fixture_set / "inbox" / SCAN) as img:
        img.convert("RGB").save(out, "PDF", resolution=200)
    return out
