"""A desk's unnamed batch scans become split, matched, counted documents: real OCR, the real
SQLite catalogue and a real SeaweedFS. Batches are made by the project's own generator
(sohoa/samples): documents with the national motto and page numbers, QR cover sheets,
"TÁCH" separator sheets, blank backs of sheets."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from app.bootstrap import App
from app.matching import attach, detach, rematch
from app.settings import load_settings
from ocr.engine import Engine
from ocr.options import OcrOptions
from pipeline.models import InboxItem, Outcome
from pipeline.process import Adapters, take_in
from pipeline.register import parse_register_csv
from sohoa.cli import main
from sohoa.samples.build import batch_pages, register_rows, write_pages
from sohoa.samples.documents import SampleDoc, dossier
from sohoa.samples.sheets import separator_sheet
from storage.inbox_folder import FolderInbox, scan_file
from storage.objectstore import S3Store

ENGINE = Engine(OcrOptions(pdf_dpi=200))
TODAY = date(2026, 11, 30)


def doc(seq, unit, proc, issued, number, person, signer, **kw) -> SampleDoc:
    return SampleDoc(dossier(unit, issued, seq), unit, proc, number, issued, person, signer,
                     **kw)


A = doc(104, "H01", "gpxd", date(2025, 3, 12), 188, "Lưu Văn Đạt", "Phạm Quang Huy",
        cover=True, pages=2, blank_after=True)
B = doc(57, "H02", "hkd", date(2025, 6, 2), 76, "Hồ Thị Thanh Tâm", "Đỗ Thị Thu Hà")
C = doc(61, "H01", "hkd", date(2025, 6, 2), 77, "Trịnh Quốc Bảo", "Phạm Quang Huy")
D = doc(12345, "X01", "ks", date(2025, 7, 4), 31, "Đặng Thu Trang", "Nguyễn Thị Hương")
E = doc(9, "X02", "ct", date(2025, 7, 4), 32, "Võ Minh Khang", "Trương Công Định")
# look-alikes in the register, never scanned: the next number on the same day, the same
# number in another year, the same number and day at another unit
DECOYS = [doc(58, "H02", "hkd", date(2025, 6, 2), 77, "Lê Văn Tám", "Đỗ Thị Thu Hà"),
          doc(3, "H02", "hkd", date(2024, 6, 2), 76, "Phan Văn Hai", "Đỗ Thị Thu Hà"),
          doc(70, "H01", "hkd", date(2025, 6, 2), 76, "Mai Thị Ba", "Phạm Quang Huy")]


def register(docs: list[SampleDoc], app: App) -> None:
    rows = register_rows(docs)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    app.catalogue.upsert_entries(parse_register_csv(out.getvalue()).entries)


@pytest.fixture
def desk(env: Path, bucket_cfg, tmp_path: Path):
    app = App(load_settings())
    settings = app.settings
    inbox = FolderInbox(env / "inbox", settings.processed_dir, settings.quarantine_dir)
    inbox.folder.mkdir(parents=True)
    adapters = Adapters(ENGINE, S3Store(bucket_cfg), app.catalogue, lease_seconds=30,
                        work_dir=tmp_path)
    yield app, inbox, adapters
    app.close()


def feed(inbox: FolderInbox, adapters: Adapters, pages, name: str):
    path = inbox.folder / name
    write_pages(pages, path, dpi=200)
    return take_in(InboxItem(str(path), name), inbox, scan_file, {}, adapters, run_id="r1",
                   today=TODAY)


def test_a_stack_through_the_feeder_becomes_three_matched_counted_documents(desk):
    app, inbox, adapters = desk
    register([A, B, C, *DECOYS], app)
    # cover, A p1, A p2, blank back, B, C
    result = feed(inbox, adapters, batch_pages([A, B, C], 200), "scan_0001.pdf")
    assert (result.documents, result.matched_documents) == (3, 3), result.message
    docs = {d.page_range: d for d in app.catalogue.documents()}
    assert {k: d.result_id for k, d in docs.items()} == {
        "2-3": A.result_id, "5": B.result_id, "6": C.result_id}
    assert "QR" in docs["2-3"].match_note            # by the cover sheet's code
    assert docs["5"].match["how"] == "content"        # by number, date and issuing body
    assert any("76/" in e for e in docs["5"].match["evidence"])
    assert not any(d.held for d in docs.values())
    # the batch file is stored once, as the original of all three
    assert len({d.original_key for d in docs.values()}) == 1
    assert adapters.store.verify(docs["5"].original_key, result.sha256)
    # each document's archival copy holds its own pages only
    with pikepdf.open(io.BytesIO(
            adapters.store.read(docs["2-3"].archival_key))) as pdf:
        assert len(pdf.pages) == 2
    assert app.catalogue.digitized_result_ids() >= {A.result_id, B.result_id, C.result_id}
    # the same batch handed in again: nothing is stored twice
    shutil.copy2(inbox.processed_dir / TODAY.isoformat() / "scan_0001.pdf",
                 inbox.folder / "scan_0001 (1).pdf")
    again = take_in(InboxItem(str(inbox.folder / "scan_0001 (1).pdf"), "scan_0001 (1).pdf"),
                    inbox, scan_file, {}, adapters, today=TODAY)
    assert again.outcome == Outcome.DUPLICATE and len(app.catalogue.documents()) == 3


def test_separator_sheets_split_and_a_document_unknown_to_the_register_waits_for_it(desk):
    app, inbox, adapters = desk
    register([E], app)  # D's result is not in the register yet
    pages = [*batch_pages([D], 200), separator_sheet(200), *batch_pages([E], 200)]
    result = feed(inbox, adapters, pages, "scan_0002.tif")
    assert (result.documents, result.matched_documents) == (2, 1), result.message
    (waiting,) = app.catalogue.unmatched_documents()
    assert waiting.page_range == "1"
    # the register is imported later: the next matching run finds it, and it counts
    register([D], app)
    (found,) = rematch(app)
    assert found.result_id == D.result_id and D.result_id in app.catalogue.digitized_result_ids()
    # a person undoes the match and makes it again: both audited with the actor
    detach(app, found.document, "Nguyễn Văn Kiểm", "checking")
    assert D.result_id not in app.catalogue.digitized_result_ids()
    attach(app, found.document[:12], D.result_id, "Nguyễn Văn Kiểm")
    assert D.result_id in app.catalogue.digitized_result_ids()
    events = [e for e in app.catalogue.audit_events() if e.stage == "match"]
    assert [(e.outcome, e.actor) for e in events] == [
        ("matched", ""), ("detached", "Nguyễn Văn Kiểm"), ("attached", "Nguyễn Văn Kiểm")]


def test_a_file_name_the_page_contradicts_is_flagged_not_taken(desk, capsys):
    app, inbox, adapters = desk
    register([B, C], app)
    # C's pages handed in under B's dossier code: the page says 77/… of C, not 76/… of B
    result = feed(inbox, adapters, batch_pages([C], 200), f"{B.result_id}.pdf")
    assert result.outcome == Outcome.UNMATCHED and "left to a person" in result.message
    (d,) = app.catalogue.unmatched_documents()
    assert d.match["how"] == "contradicted"
    assert [c["result_id"] for c in d.match["candidates"]][:2] == [B.result_id, C.result_id]
    # where a person sees it: the review list, with both candidates
    assert main(["review", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Chưa khớp hồ sơ (unmatched, not counted): 1" in listed
    assert f"candidate {C.result_id}" in listed and f"candidate {B.result_id}" in listed


def test_two_results_the_page_cannot_tell_apart_are_left_with_both_as_candidates(desk):
    app, inbox, adapters = desk
    twin = doc(62, "H01", "hkd", C.issued, C.number, "Trịnh Quốc Bảo", "Phạm Quang Huy")
    register([C, twin], app)  # registered twice: same number, date, unit, holder
    result = feed(inbox, adapters, batch_pages([C], 200), "IMG_0001.pdf")
    assert result.outcome == Outcome.UNMATCHED
    (d,) = app.catalogue.unmatched_documents()
    assert {c["result_id"] for c in d.match["candidates"]} == {C.result_id, twin.result_id}
    assert C.result_id not in app.catalogue.digitized_result_ids()
