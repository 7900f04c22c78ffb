"""One scan's way without Prefect: process_scan and take_in on the real SQLite catalogue, a
real SeaweedFS and the real OCR engine. Every outcome a run can give, and where the file ends."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.bootstrap import App
from app.imports import import_register
from app.settings import load_settings
from ocr.engine import Engine
from ocr.options import OcrOptions
from pipeline.errors import StorageError
from pipeline.models import InboxItem, Outcome
from pipeline.process import Adapters, take_in
from storage.inbox_folder import FolderInbox, scan_file
from storage.objectstore import S3Config, S3Store

ENGINE = Engine(OcrOptions(pdf_dpi=200))
TODAY = date(2026, 11, 29)
MATCHED = "000.00.11.H01-240315-0001.png"
UNMATCHED = "ban-quet-khong-ro-ho-so.png"


@pytest.fixture
def desk(env: Path, fixture_set: Path, bucket_cfg: S3Config):
    """A folder inbox, the catalogue with the fixture register, the store, the engine."""
    app = App(load_settings())
    settings, cat = app.settings, app.catalogue  # SQLite in the test's state folder
    import_register(app, fixture_set / "register.csv")
    inbox = FolderInbox(env / "inbox", settings.processed_dir, settings.quarantine_dir)
    inbox.folder.mkdir(parents=True)
    adapters = Adapters(ENGINE, S3Store(bucket_cfg), cat, lease_seconds=30)
    yield inbox, adapters, fixture_set / "inbox"
    app.close()


def drop(inbox: FolderInbox, source: Path, name: str, as_name: str | None = None) -> InboxItem:
    target = inbox.folder / (as_name or name)
    shutil.copy2(source / name, target)
    return InboxItem(str(target), target.name)


def take(inbox, adapters, item):
    return take_in(item, inbox, scan_file, {}, adapters, run_id="run-1", today=TODAY)


def test_archived_then_duplicate_then_unmatched(desk):
    inbox, adapters, source = desk
    result = take(inbox, adapters, drop(inbox, source, MATCHED))
    assert result.outcome == Outcome.ARCHIVED and result.result_id == MATCHED[:-4]
    moved = inbox.processed_dir / TODAY.isoformat() / MATCHED
    assert moved.is_file() and not (inbox.folder / MATCHED).exists()
    assert adapters.store.verify(result.keys[0], result.sha256)

    again = take(inbox, adapters, drop(inbox, source, MATCHED, "ban-sao.png"))
    assert (again.outcome, again.previous) == (Outcome.DUPLICATE, Outcome.ARCHIVED)
    assert (inbox.processed_dir / TODAY.isoformat() / "ban-sao.png").is_file()

    other = take(inbox, adapters, drop(inbox, source, UNMATCHED))
    assert other.outcome == Outcome.UNMATCHED and other.result_id is None
    assert [u.file_name for u in adapters.catalogue.unmatched()] == [UNMATCHED]


def test_quarantined_with_its_reason_and_place_in_the_catalogue(desk):
    inbox, adapters, _ = desk
    (inbox.folder / "trống.png").write_bytes(b"")
    result = take(inbox, adapters, InboxItem(str(inbox.folder / "trống.png"), "trống.png"))
    assert result.outcome == Outcome.QUARANTINED and "empty" in result.message
    where = inbox.quarantine_dir / "trống.png"
    assert where.is_file() and "empty" in Path(f"{where}.reason.txt").read_text("utf-8")
    (q,) = adapters.catalogue.quarantined()
    assert (q.file_name, q.path) == ("trống.png", str(where))


def test_store_down_fails_the_file_retryably_and_leaves_it_in_the_inbox(desk, bucket_cfg):
    inbox, adapters, source = desk
    dead = S3Store(S3Config("127.0.0.1:1", bucket_cfg.access_key, bucket_cfg.secret_key,
                            bucket_cfg.bucket))
    down = Adapters(adapters.ocr, dead, adapters.catalogue, lease_seconds=30)
    item = drop(inbox, source, MATCHED)
    with pytest.raises(StorageError) as failed:
        take(inbox, down, item)
    assert failed.value.retryable
    assert (inbox.folder / MATCHED).is_file()  # left for the next run
    assert adapters.catalogue.documents() == [] and adapters.catalogue.claims() == []


def test_a_scan_another_live_run_holds_is_left_to_it(desk):
    inbox, adapters, source = desk
    item = drop(inbox, source, MATCHED)
    sha = scan_file(Path(item.ref)).sha256
    assert adapters.catalogue.claim(sha, "may-khac:4242:run-x", 300, MATCHED) is None
    result = take(inbox, adapters, item)
    assert result.outcome == Outcome.BUSY and "may-khac:4242" in result.message
    assert (inbox.folder / MATCHED).is_file()
    assert adapters.catalogue.documents() == []
